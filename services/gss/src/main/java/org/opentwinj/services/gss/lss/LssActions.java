package org.opentwinj.services.gss.lss;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.OptionalField;
import org.opentwinj.services.gss.GssConfig;
import org.opentwinj.services.gss.session.SessionLifecycle;
import org.opentwinj.services.gss.session.SessionRecord;
import org.opentwinj.services.gss.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Lss.Register} and {@code Lss.Heartbeat} (mTLS only). Both answer with the sessions
 * the LSS must stop: those the GSS closed or lost while the LSS could not be told.
 */
public final class LssActions {
    private static final Logger LOG = LoggerFactory.getLogger(LssActions.class);

    /**
     * {@code Lss.Register}.
     *
     * @param lss          the LSS's id (stable across its restarts)
     * @param url          where the GSS reaches it
     * @param capacity     the most sessions it runs
     * @param sessionTypes the session types it can start
     * @param sessions     the sessions it runs now (after a restart: those it reattached to)
     */
    public record RegisterRequest(String lss, URI url, int capacity, List<String> sessionTypes, List<String> sessions) {}

    /**
     * The reply to {@code Lss.Register}.
     *
     * @param heartbeatIntervalMs how often to send {@code Lss.Heartbeat}
     * @param relayUrl            the relay session services push to, if there is one
     * @param drop                sessions to stop now
     */
    public record RegisterReply(long heartbeatIntervalMs, @OptionalField URI relayUrl, List<String> drop) {}

    /** {@code Lss.Heartbeat}: the LSS is alive and runs these sessions. */
    public record HeartbeatRequest(String lss, List<String> sessions) {}

    /** The reply to {@code Lss.Heartbeat}: sessions to stop now. */
    public record HeartbeatReply(List<String> drop) {}

    private final LssRegistry registry;
    private final SessionLifecycle sessions;
    private final GssConfig config;
    private final Clock clock;

    public LssActions(LssRegistry registry, SessionLifecycle sessions, GssConfig config, Clock clock) {
        this.registry = registry;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
    }

    public void register(ActionRegistry actions) {
        actions.register(ActionSpec.internal("Lss.Register", RegisterRequest.class, (request, call) -> register(request)).asIdempotent())
                .register(ActionSpec.internal("Lss.Heartbeat", HeartbeatRequest.class, (request, call) -> beat(request)).asIdempotent());
    }

    RegisterReply register(RegisterRequest request) {
        if (request.capacity() < 1) {
            throw new PublicException("field 'capacity' must be at least 1");
        }
        Instant now = clock.instant();
        registry.register(new LssRecord(request.lss(), request.url(), request.capacity(), request.sessionTypes(), now, now));
        Set<String> reported = Set.copyOf(request.sessions());
        // Sessions the GSS gave this LSS before it (re)started that it no longer has are gone.
        Instant settled = now.minus(config.heartbeatInterval().multipliedBy(2));
        for (SessionRecord session : sessions.store().activeOn(request.lss())) {
            if (!reported.contains(session.id()) && session.updatedAt().isBefore(settled)) {
                sessions.finish(session.id(), SessionState.LOST, "its LSS " + request.lss() + " restarted without it");
            }
        }
        List<String> drop = toDrop(request.lss(), request.sessions());
        LOG.info("LSS {} registered at {} with capacity {}, types {}, {} sessions ({} to drop)", request.lss(), request.url(),
                request.capacity(), request.sessionTypes(), request.sessions().size(), drop.size());
        return new RegisterReply(config.heartbeatInterval().toMillis(), config.relayUrl(), drop);
    }

    HeartbeatReply beat(HeartbeatRequest request) {
        if (!registry.beat(request.lss(), clock.instant())) {
            throw PublicException.notFound("unknown LSS '" + request.lss() + "': register again");
        }
        return new HeartbeatReply(toDrop(request.lss(), request.sessions()));
    }

    /** Sessions the LSS runs that the GSS does not know, ended, or gave to another LSS. */
    private List<String> toDrop(String lss, List<String> running) {
        List<String> drop = new ArrayList<>();
        for (String id : running) {
            Optional<SessionRecord> session = sessions.store().find(id);
            if (session.isEmpty() || !session.get().state().isActive() || !lss.equals(session.get().lss())) {
                drop.add(id);
            }
        }
        return drop;
    }
}
