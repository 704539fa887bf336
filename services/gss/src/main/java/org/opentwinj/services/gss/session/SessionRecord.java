package org.opentwinj.services.gss.session;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opentwinj.platform.session.Participant;
import org.opentwinj.platform.session.ServiceStatus;
import org.opentwinj.platform.session.SessionEvent;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.session.SessionView;

/**
 * A session as the GSS stores it (collection {@code gss_sessions}, one document each, updated
 * with a version check so that concurrent reports never overwrite each other).
 *
 * @param id         the session id
 * @param project    the project it is open on
 * @param user       who opened it
 * @param participants who joined it besides its opener, earliest first
 * @param type       the session type (which services it runs)
 * @param lss        the id of the LSS that runs it, or null before one took it
 * @param lssUrl     that LSS's URL, or null
 * @param state      its state
 * @param reason     why it failed, was lost or closed, or null
 * @param createdAt  when it was requested
 * @param updatedAt  when it last changed
 * @param services   its services by name
 * @param events     its latest events, oldest first
 * @param lastSeq    the sequence number of its newest event
 * @param lssSeq     the newest LSS event sequence number merged (LSS and GSS number events separately)
 * @param version    the optimistic-concurrency version of the document
 */
public record SessionRecord(
        String id,
        String project,
        String user,
        List<Participant> participants,
        String type,
        String lss,
        URI lssUrl,
        SessionState state,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        Map<String, ServiceStatus> services,
        List<SessionEvent> events,
        long lastSeq,
        long lssSeq,
        long version) {
    public SessionRecord {
        services = Collections.unmodifiableMap(new TreeMap<>(services));
        events = List.copyOf(events);
        participants = List.copyOf(participants);
    }

    /** Whether the user opened the session or joined it. */
    public boolean isOpenerOrParticipant(String someone) {
        return user.equals(someone) || isParticipant(someone);
    }

    /** Whether the user joined the session (its opener is no participant). */
    public boolean isParticipant(String someone) {
        return participants.stream().anyMatch(p -> p.user().equals(someone));
    }

    /** The participants' names, earliest first. */
    public List<String> participantNames() {
        return participants.stream().map(Participant::user).toList();
    }

    /** The session as clients see it, with the given events. */
    public SessionView view(List<SessionEvent> shown, URI relayUrl) {
        return new SessionView(
                id,
                project,
                user,
                participants,
                type,
                state,
                reason,
                lss,
                createdAt,
                updatedAt,
                services,
                shown,
                lastSeq,
                relayUrl);
    }

    /** The events after {@code seq}. */
    public List<SessionEvent> eventsAfter(long seq) {
        return events.stream().filter(event -> event.seq() > seq).toList();
    }

    /** The service URLs the relay routes to. */
    public Map<String, URI> routes() {
        Map<String, URI> routes = new TreeMap<>();
        services.forEach((name, status) -> {
            if (status.url() != null) {
                routes.put(name, status.url());
            }
        });
        return routes;
    }
}
