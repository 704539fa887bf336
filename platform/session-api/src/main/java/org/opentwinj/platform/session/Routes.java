package org.opentwinj.platform.session;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code Session.Routes}: whose a session is and who joined it, its state, and where its
 * services listen (those whose URL is known).
 *
 * @param session  the session id
 * @param user     who opened it
 * @param participants who joined it besides its opener: the relay admits them too
 * @param project  the project
 * @param state    its state; the relay forwards to it only while {@link SessionState#isServing()}
 * @param services service URLs by service name
 */
public record Routes(
        String session,
        String user,
        List<String> participants,
        String project,
        SessionState state,
        Map<String, URI> services) {
    public Routes {
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    /** Whether the user opened the session or joined it. */
    public boolean isOpenerOrParticipant(String someone) {
        return user.equals(someone) || participants.contains(someone);
    }

    /** Whether clients may talk to the session's services now. */
    public boolean isServing() {
        return state != null && state.isServing();
    }
}
