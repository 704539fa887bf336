package org.opentwinj.services.lss.pool;

import java.time.Duration;
import java.util.Objects;
import org.opentwinj.platform.config.Settings;

/**
 * The warm pool of an LSS.
 *
 * @param size        how many warm, unassigned JVMs it keeps (0: no pool)
 * @param nice        the niceness pooled processes start with (0: the LSS's own)
 * @param warmTimeout how long a new pooled JVM may take to warm up before it is stopped and replaced
 * @param refillDelay how long the local pool waits after a JVM was taken before it starts the next one, so
 *                    that the taken JVM's start as a service does not share the CPU with a new JVM's start
 */
public record PoolConfig(int size, int nice, Duration warmTimeout, Duration refillDelay) {
    /** After this many pooled JVMs in a row died or timed out before they were warm, the pool pauses. */
    static final int FAILURES_BEFORE_PAUSE = 3;

    public PoolConfig {
        Objects.requireNonNull(warmTimeout, "warmTimeout");
        Objects.requireNonNull(refillDelay, "refillDelay");
        if (size < 0 || nice < 0 || nice > 19) {
            throw new IllegalArgumentException("pool size " + size + " or nice " + nice + " out of range");
        }
    }

    public static PoolConfig read(Settings settings) {
        return new PoolConfig(
                settings.get(PoolSettings.POOL_SIZE),
                settings.get(PoolSettings.POOL_NICE),
                Duration.ofMillis(settings.get(PoolSettings.POOL_WARM_TIMEOUT_MS)),
                Duration.ofMillis(settings.get(PoolSettings.POOL_REFILL_DELAY_MS)));
    }
}
