package org.opentwinj.services.gss.session;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A session as clients see it.
 *
 * @param session   its id
 * @param project   the project
 * @param user      who opened it
 * @param type      the session type
 * @param state     its state
 * @param reason    why it failed, was lost or closed
 * @param lss       the LSS running it
 * @param createdAt when it was opened
 * @param updatedAt when it last changed
 * @param services  its services with URL and state
 * @param events    events (all kept ones, or those after the requested sequence number)
 * @param lastSeq   the newest event's sequence number: ask for events after it next
 * @param relayUrl  where the client connects to talk to the session's services
 */
public record SessionView(String session, String project, String user, String type, SessionState state, String reason,
        String lss, Instant createdAt, Instant updatedAt, Map<String, ServiceStatus> services, List<SessionEvent> events,
        long lastSeq, URI relayUrl) {

    static SessionView of(SessionRecord s, List<SessionEvent> events, URI relayUrl) {
        return new SessionView(s.id(), s.project(), s.user(), s.type(), s.state(), s.reason(), s.lss(), s.createdAt(),
                s.updatedAt(), s.services(), events, s.lastSeq(), relayUrl);
    }
}
