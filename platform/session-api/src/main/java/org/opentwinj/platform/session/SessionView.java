package org.opentwinj.platform.session;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.json.OptionalField;

/**
 * A session as clients see it: the answer of {@code Session.New}, {@code .Get},
 * {@code .Events}, {@code .Join}, {@code .Leave}, {@code .Close} and (a list of them) {@code .List}.
 *
 * @param session   its id
 * @param project   the project
 * @param user      who opened it
 * @param participants who joined it besides its opener ({@code Session.Join}), earliest first
 * @param type      the session type
 * @param state     its state
 * @param reason    why it failed, was lost or closed, or null
 * @param lss       the LSS running it, or null before one took it
 * @param createdAt when it was opened
 * @param updatedAt when it last changed
 * @param services  its services by name, with URL and state
 * @param events    events (all kept ones, or those after the requested number; none in lists)
 * @param lastSeq   the newest event's number: ask for events after it next
 * @param relayUrl  where the client connects to talk to the session's services
 */
public record SessionView(
        String session,
        String project,
        String user,
        List<Participant> participants,
        String type,
        SessionState state,
        @OptionalField String reason,
        @OptionalField String lss,
        Instant createdAt,
        Instant updatedAt,
        Map<String, ServiceStatus> services,
        List<SessionEvent> events,
        long lastSeq,
        URI relayUrl) {}
