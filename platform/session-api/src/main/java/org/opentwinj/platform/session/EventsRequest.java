package org.opentwinj.platform.session;

import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Session.Events}: the events after {@code after}, waiting up to {@code waitMs} for one.
 *
 * @param session the session id
 * @param after   the newest event number the client has (0 when left out)
 * @param waitMs  how long to wait for a new event (0 when left out: answer at once)
 */
public record EventsRequest(
        String session,
        @OptionalField Long after,
        @OptionalField Long waitMs) {}
