package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;

/**
 * A client's line to the services of one session (the relay's websocket): requests with their
 * replies, and the messages services push to the session's clients (such as job events).
 */
interface SessionRelay {
    /**
     * Sends a message to a service of the session and waits for its reply. Pushes that arrive
     * meanwhile are kept for {@link #nextPush}.
     *
     * @return the service's result
     * @throws org.opentwinj.platform.error.PublicException with the service's status and reason
     *     when it refused, 504 when no reply came in time
     */
    JsonNode request(String service, JsonNode message, Duration timeout);

    /**
     * The next message a service pushed to the session's clients, in the order they came,
     * waiting up to {@code timeout} for one.
     *
     * @return empty when none came in time
     * @throws org.opentwinj.platform.error.PublicException when the relay closed the connection
     */
    Optional<Push> nextPush(Duration timeout);

    /** A message a service sent to every client of the session. */
    record Push(String service, JsonNode message) {}
}
