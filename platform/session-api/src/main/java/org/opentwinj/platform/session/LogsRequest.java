package org.opentwinj.platform.session;

import org.opentwinj.platform.json.OptionalField;

/**
 * {@link ActionNames#SESSION_LOGS}: the session's log records after {@code after}, waiting up
 * to {@code waitMs} for one.
 *
 * @param session the session's id
 * @param after   the {@code next} of the previous answer (0 or absent: from the first record)
 * @param level   the least severe level to include ({@code TRACE} to {@code ERROR}), absent for all
 * @param waitMs  how long to wait for a record when none is there yet, 0 to 25000 (absent: 0)
 * @param job     only the records of this job (a compute service's), absent for all
 */
public record LogsRequest(
        String session,
        @OptionalField Long after,
        @OptionalField String level,
        @OptionalField Long waitMs,
        @OptionalField String job) {}
