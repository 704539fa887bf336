package org.opentwinj.services.gss.lss;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.services.gss.session.SessionLifecycle;
import org.opentwinj.services.gss.session.SessionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops LSSs that missed too many heartbeats and marks their sessions lost, freeing their
 * projects. Heartbeats older than this GSS's start count from the start, so a GSS that was
 * down for a while does not drop every LSS the moment it comes back. The same holds after the
 * database was unavailable: heartbeats were refused meanwhile (503), so after a failed sweep
 * silence counts from the first sweep that succeeds again.
 */
public final class HeartbeatMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitor.class);

    private final LssRegistry registry;
    private final SessionLifecycle sessions;
    private final Duration timeout;
    private final Clock clock;
    /** Silence before this moment does not count: this GSS's start, or the database's return. */
    private volatile Instant countFrom;
    /** Whether the last sweep failed; only the sweeping thread reads and writes it. */
    private boolean lastSweepFailed;

    public HeartbeatMonitor(LssRegistry registry, SessionLifecycle sessions, Duration timeout, Clock clock) {
        this.registry = registry;
        this.sessions = sessions;
        this.timeout = timeout;
        this.clock = clock;
        this.countFrom = clock.instant();
    }

    /** One sweep; run it every heartbeat interval. Never throws: a failed sweep is logged and the next one tries again. */
    public void sweep() {
        try {
            Instant now = clock.instant();
            List<LssRecord> all = registry.all();
            if (lastSweepFailed) {
                lastSweepFailed = false;
                countFrom = now;
                LOG.info(
                        "heartbeat sweeps work again; silence counts from now, since heartbeats may have been refused meanwhile");
            }
            for (LssRecord lss : all) {
                Instant last = lss.lastBeat().isAfter(countFrom) ? lss.lastBeat() : countFrom;
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
            lastSweepFailed = true;
            LOG.error("heartbeat sweep failed; retrying at the next interval", e);
        }
    }
}
