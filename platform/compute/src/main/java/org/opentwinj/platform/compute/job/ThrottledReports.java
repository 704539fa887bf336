package org.opentwinj.platform.compute.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.opentwinj.platform.session.JobView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a job's states on to a {@link JobSink}, at most one per {@link #INTERVAL} per job (a
 * job that reports progress in a tight loop would otherwise flood the Model and every client
 * of the session). States that arrive in between are merged: only the latest goes out. A
 * job's final state is always delivered: when the sink fails it is retried with back-off
 * until it gets through (a state that a newer one already replaced is simply dropped).
 */
public final class ThrottledReports {
    private static final Logger LOG = LoggerFactory.getLogger(ThrottledReports.class);
    /** Four reports per second per job at most. */
    public static final Duration INTERVAL = Duration.ofMillis(250);

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private final JobSink sink;
    private final Delays delays;
    private final Clock clock;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /** One job's reporting state; guarded by itself. */
    private static final class Slot {
        JobView pending;
        boolean scheduled;
        Instant lastSent = Instant.MIN;
        Duration retry = FIRST_RETRY;
        /** Held while the sink is called: one delivery at a time per job, as {@link JobSink} promises. */
        final ReentrantLock sending = new ReentrantLock();
    }

    public ThrottledReports(JobSink sink, Delays delays, Clock clock) {
        this.sink = sink;
        this.delays = delays;
        this.clock = clock;
    }

    /** Queues a job's new state; it goes out at once or when the job's interval is over. */
    public void offer(JobView job) {
        Slot slot = slots.computeIfAbsent(job.id(), id -> new Slot());
        Duration wait;
        synchronized (slot) {
            slot.pending = job;
            if (slot.scheduled) {
                return;
            }
            slot.scheduled = true;
            Instant next = slot.lastSent == Instant.MIN ? Instant.MIN : slot.lastSent.plus(INTERVAL);
            Instant now = clock.instant();
            wait = next.isAfter(now) ? Duration.between(now, next) : Duration.ZERO;
        }
        delays.after(wait, () -> flush(job.id(), slot));
    }

    /**
     * Delivers a job's current state now, past the throttle, and returns once the sink took it:
     * before a job saves its results the Model's board must know it as running (the Model
     * accepts a job's save only then). A state still waiting for its interval is older than
     * this one and is dropped.
     *
     * @throws RuntimeException what the sink threw: the state was not delivered
     */
    public void deliverNow(JobView job) {
        Slot slot = slots.computeIfAbsent(job.id(), id -> new Slot());
        slot.sending.lock();
        try {
            synchronized (slot) {
                slot.pending = null;
            }
            sink.report(job);
            synchronized (slot) {
                slot.lastSent = clock.instant();
            }
        } finally {
            slot.sending.unlock();
        }
    }

    /** Jobs whose final state is not delivered yet (or still waiting for its interval). */
    public int undelivered() {
        return slots.size();
    }

    private void flush(String id, Slot slot) {
        JobView job;
        synchronized (slot) {
            job = slot.pending;
            slot.pending = null;
            slot.lastSent = clock.instant();
        }
        if (job == null) {
            synchronized (slot) {
                slot.scheduled = false;
            }
            return;
        }
        slot.sending.lock();
        try {
            sink.report(job);
        } catch (RuntimeException e) {
            if (job.state().isEnded()) {
                retryFinal(id, slot, job, e);
                return;
            }
            // A newer state will follow (at least the final one): this one may be lost.
            LOG.warn("could not report job {} ({}): {}", id, job.state(), e.getMessage());
        } finally {
            slot.sending.unlock();
        }
        Duration wait;
        synchronized (slot) {
            slot.retry = FIRST_RETRY;
            if (slot.pending == null) {
                slot.scheduled = false;
                if (job.state().isEnded()) {
                    slots.remove(id, slot);
                }
                return;
            }
            wait = INTERVAL;
        }
        delays.after(wait, () -> flush(id, slot));
    }

    private void retryFinal(String id, Slot slot, JobView job, RuntimeException e) {
        Duration wait;
        synchronized (slot) {
            if (slot.pending == null) {
                slot.pending = job;
            }
            wait = slot.retry;
            slot.retry = slot.retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0
                    ? LONGEST_RETRY
                    : slot.retry.multipliedBy(2);
        }
        LOG.warn(
                "could not report the end of job {} ({}); retrying in {} ms: {}",
                id,
                job.state(),
                wait.toMillis(),
                e.getMessage());
        delays.after(wait, () -> flush(id, slot));
    }
}
