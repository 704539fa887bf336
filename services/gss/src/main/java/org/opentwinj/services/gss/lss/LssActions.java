package org.opentwinj.services.gss.lss;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.HeartbeatReply;
import org.opentwinj.platform.session.HeartbeatRequest;
import org.opentwinj.platform.session.RegisterReply;
import org.opentwinj.platform.session.RegisterRequest;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.services.gss.GssConfig;
import org.opentwinj.services.gss.session.SessionLifecycle;
import org.opentwinj.services.gss.session.SessionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Lss.Register} and {@code Lss.Heartbeat} (mTLS only). Both answer with the sessions
 * the LSS must stop: those the GSS closed or lost while the LSS could not be told. Each call is
 * noted in {@link HeartbeatsReceived} as it arrives, before the database is written, so a
 * heartbeat the database refuses still shows the LSS alive.
 */
public final class LssActions {
    private static final Logger LOG = LoggerFactory.getLogger(LssActions.class);

    private final LssRegistry registry;
    private final HeartbeatsReceived received;
    private final SessionLifecycle sessions;
    private final GssConfig config;
    private final Clock clock;

    public LssActions(
            LssRegistry registry,
            HeartbeatsReceived received,
            SessionLifecycle sessions,
            GssConfig config,
            Clock clock) {
        this.registry = registry;
        this.received = received;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
    }

    public void register(ActionRegistry actions) {
        actions.register(ActionSpec.internal(
                                ActionNames.LSS_REGISTER, RegisterRequest.class, (request, call) -> register(request))
                        .asIdempotent())
                .register(ActionSpec.internal(
                                ActionNames.LSS_HEARTBEAT, HeartbeatRequest.class, (request, call) -> beat(request))
                        .asIdempotent());
    }

    RegisterReply register(RegisterRequest request) {
        if (request.capacity() < 1) {
            throw new PublicException("field 'capacity' must be at least 1");
        }
        Instant now = clock.instant();
        try (HeartbeatsReceived.Arrival ignored = received.arrived(request.lss(), now)) {
            return received.exclusively(() -> registered(request, now));
        }
    }

    private RegisterReply registered(RegisterRequest request, Instant now) {
        boolean waitedFor = registry.find(request.lss())
                .map(lss -> lss.silentSince() != null)
                .orElse(false);
        registry.register(
                LssRecord.registered(request.lss(), request.url(), request.capacity(), request.sessionTypes(), now));
        Set<String> reported = Set.copyOf(request.sessions());
        // Sessions the GSS gave this LSS before it (re)started that it no longer has are gone. One
        // assigned just now may not be on its list yet; while it was waited for, none was assigned.
        Instant settled = now.minus(config.heartbeatInterval().multipliedBy(2));
        for (SessionRecord session : sessions.store().activeOn(request.lss())) {
            if (!reported.contains(session.id())) {
                if (waitedFor || session.updatedAt().isBefore(settled)) {
                    sessions.finish(
                            session.id(), SessionState.LOST, "its LSS " + request.lss() + " restarted without it");
                }
            } else if (waitedFor) {
                sessions.lssBack(
                        session.id(),
                        "its LSS " + request.lss() + " answers again and keeps the session; it reports its state");
            }
        }
        List<String> drop = toDrop(request.lss(), request.sessions());
        LOG.info(
                "LSS {} registered at {} with capacity {}, types {}, {} sessions ({} to drop){}",
                request.lss(),
                request.url(),
                request.capacity(),
                request.sessionTypes(),
                request.sessions().size(),
                drop.size(),
                waitedFor ? ", back within the grace period" : "");
        return new RegisterReply(
                config.heartbeatInterval().toMillis(),
                config.relayUrl(),
                drop,
                config.lssGrace().toMillis());
    }

    HeartbeatReply beat(HeartbeatRequest request) {
        Instant now = clock.instant();
        try (HeartbeatsReceived.Arrival ignored = received.arrived(request.lss(), now)) {
            if (!registry.beat(request.lss(), now)) {
                throw PublicException.notFound(
                        "LSS '" + request.lss()
                                + "' must register again: it is unknown here, or it was silent and its sessions await its report");
            }
            return new HeartbeatReply(toDrop(request.lss(), request.sessions()));
        }
    }

    /** Sessions the LSS runs that the GSS does not know, ended, or gave to another LSS. */
    private List<String> toDrop(String lss, List<String> running) {
        List<String> drop = new ArrayList<>();
        for (String id : running) {
            Optional<SessionRecord> session = sessions.store().find(id);
            if (session.isEmpty()
                    || !session.get().state().isActive()
                    || !lss.equals(session.get().lss())) {
                drop.add(id);
            }
        }
        return drop;
    }
}
