package org.opentwinj.services.gss.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a client's long poll for session events return as soon as a report arrives on this
 * GSS. Reports that arrive on another GSS replica are seen by re-reading the database at
 * least every {@link #RECHECK}, so replicas need not talk to each other.
 */
public final class EventWaiters {
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final Map<String, Object> monitors = new ConcurrentHashMap<>();

    /** Wakes every poll waiting on the session. */
    public void signal(String session) {
        Object monitor = monitors.get(session);
        if (monitor != null) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    /** Waits until signalled or for at most {@code max} (capped at the recheck interval). */
    void await(String session, Duration max) throws InterruptedException {
        long millis = Math.min(max.toMillis(), RECHECK.toMillis());
        if (millis <= 0) {
            return;
        }
        Object monitor = monitors.computeIfAbsent(session, id -> new Object());
        synchronized (monitor) {
            monitor.wait(millis);
        }
    }

    /** Forgets a session's monitor once nobody can be waiting for it any more. */
    void forget(String session) {
        monitors.remove(session);
    }
}
