package org.opentwinj.platform.session;

import java.time.Instant;
import org.opentwinj.platform.json.OptionalField;

/**
 * A job as clients see it (in {@code Job.List}, {@code Job.Get} and the {@code job} events the
 * session's clients get through the relay) and as its service reports it ({@code Job.Report}).
 *
 * @param id          unique in the session
 * @param service     the service that runs it
 * @param command     the command it runs
 * @param title       what progress bars show (the command's title and what it works on)
 * @param user        who started it
 * @param state       where it is
 * @param fraction    done so far, 0 to 1
 * @param message     what it is doing now
 * @param remainingMs estimated time left, once it can be estimated
 * @param reason      FAILED: why, in words a user understands; CANCELLED: who cancelled it
 * @param created     when it was accepted
 * @param started     when it began to run
 * @param ended       when it ended
 * @param version     the model version that holds its results (DONE; CANCELLED with partial results)
 * @param partial     its saved results are partial (it was cancelled and kept what it had)
 */
public record JobView(
        String id,
        String service,
        String command,
        String title,
        String user,
        JobState state,
        double fraction,
        @OptionalField String message,
        @OptionalField Long remainingMs,
        @OptionalField String reason,
        Instant created,
        @OptionalField Instant started,
        @OptionalField Instant ended,
        @OptionalField Long version,
        @OptionalField Boolean partial) {}
