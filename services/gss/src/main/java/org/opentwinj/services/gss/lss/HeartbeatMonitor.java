package org.opentwinj.services.gss.lss;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.opentwinj.services.gss.session.SessionLifecycle;
import org.opentwinj.services.gss.session.SessionRecord;
import org.opentwinj.services.gss.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops LSSs that missed too many heartbeats and marks their sessions lost, freeing their
 * projects. Heartbeats older than this GSS's start count from the start, so a GSS that was
 * down for a while does not drop every LSS the moment it comes back.
 */
public final class HeartbeatMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitor.class);

    private final LssRegistry registry;
    private final SessionLifecycle sessions;
    private final Duration timeout;
    private final Clock clock;
    private final Instant startedAt;

    public HeartbeatMonitor(LssRegistry registry, SessionLifecycle sessions, Duration timeout, Clock clock) {
        this.registry = registry;
        this.sessions = sessions;
        this.timeout = timeout;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** One sweep; run it every heartbeat interval. Never throws: a failed sweep is logged and the next one tries again. */
    public void sweep() {
        try {
            Instant now = clock.instant();
            for (LssRecord lss : registry.all()) {
                Instant last = lss.lastBeat().isAfter(startedAt) ? lss.lastBeat() : startedAt;
                if (last.plus(timeout).isBefore(now) && registry.drop(lss)) {
                    String reason = "its LSS " + lss.id() + " at " + lss.url() + " stopped answering (no heartbeat for "
                            + Duration.between(last, now).toSeconds() + " s)";
                    LOG.warn("dropped LSS {}: no heartbeat since {}", lss.id(), lss.lastBeat());
                    for (SessionRecord session : sessions.store().activeOn(lss.id())) {
                        sessions.finish(session.id(), SessionState.LOST, reason);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("heartbeat sweep failed; retrying at the next interval", e);
        }
    }
}
