package org.opentwinj.platform.compute.job;

import java.time.Duration;
import java.time.Instant;

/**
 * The time a job has left, estimated from its rate so far: the time it took for the fraction
 * it has done, scaled to the fraction it has not. No estimate before it has done 1 % or run
 * for 200 ms, when the rate says little yet.
 */
public final class RemainingTime {
    static final double LEAST_FRACTION = 0.01;
    static final Duration LEAST_ELAPSED = Duration.ofMillis(200);

    private RemainingTime() {}

    /** @return the estimate in milliseconds, or null when there is none yet */
    public static Long estimate(Instant started, Instant now, double fraction) {
        if (started == null || fraction < LEAST_FRACTION) {
            return null;
        }
        long elapsedMs = Duration.between(started, now).toMillis();
        if (elapsedMs < LEAST_ELAPSED.toMillis()) {
            return null;
        }
        if (fraction >= 1) {
            return 0L;
        }
        return Math.round(elapsedMs * (1 - fraction) / fraction);
    }
}
