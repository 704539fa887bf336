package org.opentwinj.services.gss.lss;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The heartbeats (and registrations) this GSS received, kept in memory as they arrive and
 * before anything is written to the database. The GSS judges an LSS's liveness from these: a
 * heartbeat the database could not record (it was stalled or down) still counts, and so does
 * one whose handling is still waiting for the database.
 *
 * <p>It also serialises the two things that must not interleave: the monitor deciding that an
 * LSS went silent (and marking its sessions) and that LSS registering again (after which it
 * reports every session afresh). Whichever comes second sees what the first did.
 */
public final class HeartbeatsReceived {
    private record Arrivals(Instant last, int inFlight) {}

    private final Map<String, Arrivals> arrivals = new ConcurrentHashMap<>();
    private final ReentrantLock registration = new ReentrantLock();

    /**
     * Notes a call of the LSS as it arrives; close the result when its handling is done.
     * While it is open the LSS counts as alive.
     */
    public Arrival arrived(String lss, Instant now) {
        arrivals.merge(
                lss, new Arrivals(now, 1), (old, fresh) -> new Arrivals(latest(old.last(), now), old.inFlight() + 1));
        return () ->
                arrivals.computeIfPresent(lss, (id, old) -> new Arrivals(old.last(), Math.max(0, old.inFlight() - 1)));
    }

    /**
     * The latest sign of life of the LSS: {@code now} while one of its calls is being handled,
     * else the arrival of its latest call; empty when none arrived here.
     */
    public Optional<Instant> lastSignOfLife(String lss, Instant now) {
        Arrivals seen = arrivals.get(lss);
        if (seen == null) {
            return Optional.empty();
        }
        return Optional.of(seen.inFlight() > 0 ? now : seen.last());
    }

    /** Forgets an LSS that was dropped; a later call of it is noted afresh. */
    public void forget(String lss) {
        arrivals.computeIfPresent(lss, (id, old) -> old.inFlight() > 0 ? old : null);
    }

    /** Runs {@code step} while no registration and no silence decision runs (see the class comment). */
    public <T> T exclusively(Supplier<T> step) {
        registration.lock();
        try {
            return step.get();
        } finally {
            registration.unlock();
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** An arrival being handled; closing it never throws. */
    public interface Arrival extends AutoCloseable {
        @Override
        void close();
    }
}
