package org.opentwinj.platform.compute.job;

import java.time.Clock;
import java.time.Instant;
import org.opentwinj.platform.compute.Progress;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;

/**
 * One job's state, changed by its worker and by a cancel; every change is published through
 * the listener as a {@link JobView}. Its transitions: QUEUED to RUNNING or CANCELLED; RUNNING
 * to DONE, FAILED or CANCELLED; nothing after an end.
 */
final class Job implements Progress {
    /** Gets every new state of the job. */
    @FunctionalInterface
    interface Listener {
        void changed(JobView view);
    }

    private final String id;
    private final String service;
    private final String command;
    private final String title;
    private final String user;
    private final Clock clock;
    private final Listener listener;
    private final Instant created;

    private JobState state = JobState.QUEUED;
    private double fraction;
    private String message;
    private Long remainingMs;
    private String reason;
    private Instant started;
    private Instant ended;
    private Long version;
    private Boolean partial;
    private String cancelledBy;
    private Thread worker;

    Job(String id, String service, String command, String title, String user, Clock clock, Listener listener) {
        this.id = id;
        this.service = service;
        this.command = command;
        this.title = title;
        this.user = user;
        this.clock = clock;
        this.listener = listener;
        this.created = clock.instant();
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    String user() {
        return user;
    }

    synchronized JobView view() {
        return new JobView(
                id,
                service,
                command,
                title,
                user,
                state,
                fraction,
                message,
                remainingMs,
                reason,
                created,
                started,
                ended,
                version,
                partial);
    }

    /** Publishes the state as it is now. */
    void publish() {
        listener.changed(view());
    }

    /**
     * The worker takes the job.
     *
     * @return false when it was cancelled while queued (then there is nothing to run)
     */
    boolean start(Thread thread) {
        synchronized (this) {
            if (state != JobState.QUEUED) {
                return false;
            }
            state = JobState.RUNNING;
            started = clock.instant();
            worker = thread;
        }
        publish();
        return true;
    }

    @Override
    public void report(double newFraction, String newMessage) {
        synchronized (this) {
            if (state != JobState.RUNNING) {
                return;
            }
            double clamped = Double.isNaN(newFraction) ? fraction : Math.clamp(newFraction, 0.0, 1.0);
            fraction = Math.max(fraction, clamped);
            if (newMessage != null) {
                message = newMessage;
            }
            remainingMs = RemainingTime.estimate(started, clock.instant(), fraction);
        }
        publish();
    }

    @Override
    public synchronized boolean isCancelled() {
        return cancelledBy != null;
    }

    synchronized double fraction() {
        return fraction;
    }

    /**
     * A user asks to cancel: a queued job ends at once; a running one learns it through
     * {@link #checkCancelled()} and its interrupted worker.
     *
     * @return whether the job ended with this call (it was queued)
     */
    boolean requestCancel(String who) {
        synchronized (this) {
            if (state.isEnded() || cancelledBy != null) {
                return false;
            }
            cancelledBy = who;
            if (state == JobState.RUNNING) {
                if (worker != null) {
                    worker.interrupt();
                }
                return false;
            }
            endAs(JobState.CANCELLED, "cancelled by " + who);
        }
        publish();
        return true;
    }

    void done(Long savedVersion) {
        synchronized (this) {
            fraction = 1;
            remainingMs = 0L;
            version = savedVersion;
            endAs(JobState.DONE, null);
        }
        publish();
    }

    void failed(String why) {
        synchronized (this) {
            endAs(JobState.FAILED, why);
        }
        publish();
    }

    /** Ends cancelled, with the version of its partial results if it kept some. */
    void cancelled(Long partialVersion) {
        synchronized (this) {
            if (partialVersion != null) {
                version = partialVersion;
                partial = true;
            }
            endAs(JobState.CANCELLED, "cancelled by " + (cancelledBy == null ? "a user" : cancelledBy));
        }
        publish();
    }

    private void endAs(JobState end, String why) {
        state = end;
        reason = why;
        ended = clock.instant();
        worker = null;
        if (end != JobState.DONE) {
            remainingMs = null;
        }
    }
}
