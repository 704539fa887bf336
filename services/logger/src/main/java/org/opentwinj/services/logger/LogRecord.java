package org.opentwinj.services.logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.opentwinj.platform.json.OptionalField;

/**
 * One log line as services write it (the platform's JSON log format), plus the sequence
 * number the logger gives it on arrival.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogRecord(
        @OptionalField Long seq,
        String time,
        String level,
        String service,
        String message,
        @OptionalField String logger,
        @OptionalField String thread,
        @OptionalField String action,
        @OptionalField String session,
        @OptionalField String user,
        @OptionalField String project,
        @OptionalField String errorId,
        @OptionalField String peer,
        @OptionalField String exception,
        @OptionalField String job) {

    LogRecord numbered(long number) {
        return new LogRecord(
                number, time, level, service, message, logger, thread, action, session, user, project, errorId, peer,
                exception, job);
    }

    /** Severity for filtering: ERROR 4, WARN 3, INFO 2, DEBUG 1, TRACE 0; unknown levels count as INFO. */
    int severity() {
        return Levels.severity(level);
    }
}
