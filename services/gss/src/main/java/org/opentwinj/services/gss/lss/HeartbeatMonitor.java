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
 * Watches the LSSs' heartbeats. An LSS silent for the heartbeat timeout is waited for: its
 * sessions stay (a running one becomes RECOVERING, with a reason that says until when), since
 * an LSS that restarts takes its session services back. An LSS silent for the grace period is
 * dropped, its sessions are lost and their projects freed.
 *
 * <p>Silence is judged from the heartbeats this GSS received ({@link HeartbeatsReceived}), not
 * only from those the database recorded: a heartbeat the database refused or kept waiting
 * still counts. For heartbeats another GSS replica received, the database's record counts too.
 * Heartbeats older than this GSS's start count from the start, so a GSS that was down for a
 * while does not give up on every LSS the moment it comes back; likewise after a failed sweep
 * silence counts from the first sweep that succeeds again.
 */
public final class HeartbeatMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatMonitor.class);

    private final LssRegistry registry;
    private final HeartbeatsReceived received;
    private final SessionLifecycle sessions;
    private final Duration timeout;
    private final Duration grace;
    private final Clock clock;
    /** Silence before this moment does not count: this GSS's start, or the database's return. */
    private volatile Instant countFrom;
    /** Whether the last sweep failed; only the sweeping thread reads and writes it. */
    private boolean lastSweepFailed;

    /**
     * @param timeout silence after which an LSS is waited for
     * @param grace   silence after which it is given up (at least {@code timeout})
     */
    public HeartbeatMonitor(
            LssRegistry registry,
            HeartbeatsReceived received,
            SessionLifecycle sessions,
            Duration timeout,
            Duration grace,
            Clock clock) {
        if (grace.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("the grace period " + grace + " is shorter than the timeout " + timeout);
        }
        this.registry = registry;
        this.received = received;
        this.sessions = sessions;
        this.timeout = timeout;
        this.grace = grace;
        this.clock = clock;
        this.countFrom = clock.instant();
    }

    /** One sweep; run it every heartbeat interval. Never throws: a failed sweep is logged and the next one tries again. */
    public void sweep() {
        try {
            List<LssRecord> all = registry.all();
            // Read after the database answered: it may have kept this sweep waiting while heartbeats arrived.
            Instant now = clock.instant();
            if (lastSweepFailed) {
                lastSweepFailed = false;
                countFrom = now;
                LOG.info(
                        "heartbeat sweeps work again; silence counts from now, since heartbeats may have been refused meanwhile");
            }
            for (LssRecord lss : all) {
                check(lss);
            }
        } catch (RuntimeException e) {
            lastSweepFailed = true;
            LOG.error("heartbeat sweep failed; retrying at the next interval", e);
        }
    }

    private void check(LssRecord lss) {
        received.exclusively(() -> {
            // Decided under the lock, with the clock read under it, so a registration is either all before or all
            // after.
            Instant now = clock.instant();
            Instant last = lastSignOfLife(lss, now);
            Duration silence = Duration.between(last, now);
            if (silence.compareTo(grace) > 0) {
                giveUp(lss, last, silence);
            } else if (silence.compareTo(timeout) > 0 && lss.silentSince() == null) {
                waitFor(lss, last, silence, now);
            }
            return null;
        });
    }

    private Instant lastSignOfLife(LssRecord lss, Instant now) {
        Instant last = lss.lastBeat().isAfter(countFrom) ? lss.lastBeat() : countFrom;
        Instant here = received.lastSignOfLife(lss.id(), now).orElse(last);
        return here.isAfter(last) ? here : last;
    }

    private void waitFor(LssRecord lss, Instant last, Duration silence, Instant now) {
        if (!registry.markSilent(lss, now)) {
            return;
        }
        Instant until = last.plus(grace);
        String reason = "its LSS " + lss.id() + " at " + lss.url() + " is not answering (no heartbeat for "
                + silence.toSeconds() + " s); waiting for it to come back until " + until;
        LOG.warn(
                "LSS {} is not answering (no heartbeat since {}); keeping its sessions until {}",
                lss.id(),
                last,
                until);
        for (SessionRecord session : sessions.store().activeOn(lss.id())) {
            sessions.awaitLss(session.id(), reason);
        }
    }

    private void giveUp(LssRecord lss, Instant last, Duration silence) {
        if (!registry.drop(lss)) {
            return;
        }
        received.forget(lss.id());
        String reason = "its LSS " + lss.id() + " at " + lss.url() + " stopped answering and did not come back within "
                + grace.toSeconds() + " s (no heartbeat for " + silence.toSeconds() + " s)";
        LOG.warn("dropped LSS {}: no heartbeat since {}, grace period of {} s over", lss.id(), last, grace.toSeconds());
        for (SessionRecord session : sessions.store().activeOn(lss.id())) {
            sessions.finish(session.id(), SessionState.LOST, reason);
        }
    }
}
