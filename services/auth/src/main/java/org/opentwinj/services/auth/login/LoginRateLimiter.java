package org.opentwinj.services.auth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per key (a client address) in a sliding window: after the given number of
 * failures within {@link #WINDOW}, further attempts are refused until the oldest failure leaves
 * the window. In memory, per instance: a restart or a second AUTH instance starts afresh, which
 * only weakens the limit by that factor (the per-user lock is in the database:
 * {@link LoginLocks}). Keys with no recent failure are dropped, so memory stays proportional to
 * the recent failures.
 */
public final class LoginRateLimiter {
    /** Failed logins per client address within the window: higher, as several users may share an address (NAT). */
    public static final int MAX_FAILURES_PER_ADDRESS = 20;

    public static final Duration WINDOW = Duration.ofMinutes(15);

    private final Clock clock;
    private final int maxFailures;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /** @param maxFailures failures within the window after which a key is blocked */
    public LoginRateLimiter(Clock clock, int maxFailures) {
        this.clock = clock;
        this.maxFailures = maxFailures;
    }

    /** When attempts for this key are allowed again, or empty if they are allowed now. */
    public Optional<Instant> blockedUntil(String key) {
        Instant now = clock.instant();
        Deque<Instant> recent = failures.get(key);
        if (recent == null) {
            return Optional.empty();
        }
        synchronized (recent) {
            prune(recent, now);
            return recent.size() >= maxFailures ? Optional.of(recent.peekFirst().plus(WINDOW)) : Optional.empty();
        }
    }

    public void recordFailure(String key) {
        Instant now = clock.instant();
        if (failures.size() > 100_000) {
            sweep(now);
        }
        Deque<Instant> recent = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (recent) {
            prune(recent, now);
            recent.addLast(now);
            while (recent.size() > maxFailures) {
                recent.removeFirst();
            }
        }
    }

    private void sweep(Instant now) {
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                prune(entry.getValue(), now);
                return entry.getValue().isEmpty();
            }
        });
    }

    private static void prune(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
            recent.removeFirst();
        }
    }
}
