package org.opentwinj.platform.session;

import java.net.URI;
import java.util.Map;

/**
 * The answer of {@code Session.Routes}: whose a session is, its state, and where its
 * services listen (those whose URL is known).
 *
 * @param session  the session id
 * @param user     who opened it
 * @param project  the project
 * @param state    its state; the relay forwards to it only while {@link SessionState#isServing()}
 * @param services service URLs by service name
 */
public record Routes(String session, String user, String project, SessionState state, Map<String, URI> services) {

    /** Whether clients may talk to the session's services now. */
    public boolean isServing() {
        return state != null && state.isServing();
    }
}
