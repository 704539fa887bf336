package org.opentwinj.platform.session;

import java.net.URI;
import java.util.Map;
import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Run}: the LSS tells every service of a session that all of them are up, and where
 * each one is, so that they can call each other and push messages to the session's clients.
 * Sent again to a service that was restarted.
 *
 * @param session  the session id
 * @param project  the project the session is open on
 * @param user     the user who opened it
 * @param services every service of the session by name, with its URL
 * @param relayUrl the relay that carries messages to the session's clients, if there is one
 */
public record RunRequest(
        String session,
        String project,
        String user,
        Map<String, URI> services,
        @OptionalField URI relayUrl) {
    public RunRequest {
        services = Map.copyOf(services);
    }
}
