package org.opentwinj.platform.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to restart a service that stopped unexpectedly, as Kubernetes does for containers:
 * the delay doubles from {@code initialDelay} up to {@code maxDelay}; a service that ran for
 * {@code resetAfter} without stopping starts again from the first delay; after {@code limit}
 * restarts in a row the supervisor gives up. Shared by the LSS (session services) and
 * {@code opentwin up} (the local platform's own services).
 *
 * @param initialDelay the delay before the first restart (Kubernetes: 10 s)
 * @param maxDelay     the longest delay (Kubernetes: 5 min)
 * @param resetAfter   running this long forgives earlier restarts (Kubernetes: 10 min)
 * @param limit        restarts in a row before giving up
 */
public record RestartPolicy(Duration initialDelay, Duration maxDelay, Duration resetAfter, int limit) {
    public RestartPolicy {
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || resetAfter.isNegative() || limit < 0) {
            throw new IllegalArgumentException("restart policy needs 0 <= initial <= max, resetAfter >= 0, limit >= 0");
        }
    }

    /**
     * Decides about a restart.
     *
     * @param restartsSoFar restarts in a row before this stop
     * @param lastStart     when the service last started
     * @param now           when it stopped
     * @return the restart to do, or empty to give up
     */
    public Optional<Restart> next(int restartsSoFar, Instant lastStart, Instant now) {
        int inARow = Duration.between(lastStart, now).compareTo(resetAfter) >= 0 ? 0 : restartsSoFar;
        if (inARow >= limit) {
            return Optional.empty();
        }
        Duration delay = initialDelay;
        for (int i = 0; i < inARow && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return Optional.of(new Restart(inARow + 1, delay.compareTo(maxDelay) > 0 ? maxDelay : delay));
    }

    /**
     * @param number the restart's number in the current row, from 1
     * @param delay  how long to wait before it
     */
    public record Restart(int number, Duration delay) {}
}
