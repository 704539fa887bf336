package org.opentwinj.services.lss.session;

import java.time.Duration;
import org.opentwinj.platform.supervision.RestartPolicy;

/**
 * The supervision policy of an LSS, read once at start.
 *
 * @param capacity       the most sessions at once
 * @param spawnLimit     the most sessions starting at once; more get 429 with Retry-After
 * @param confirmTimeout how long a started service has to confirm
 * @param stopGrace      how long a service has to stop after SIGTERM before it is killed
 * @param pollInterval   how often services are checked for an unexpected exit
 * @param healthInterval how often ready services are pinged
 * @param healthFailures failed pings in a row after which a service is stopped and restarted
 * @param restarts       the restart back-off
 * @param idleStop       how long an on-demand service may be idle before it stops (its slot may say otherwise)
 */
public record SupervisorConfig(
        int capacity,
        int spawnLimit,
        Duration confirmTimeout,
        Duration stopGrace,
        Duration pollInterval,
        Duration healthInterval,
        int healthFailures,
        RestartPolicy restarts,
        Duration idleStop) {
    /** The default idle time of on-demand services. */
    public static final Duration DEFAULT_IDLE_STOP = Duration.ofMinutes(10);

    public SupervisorConfig {
        if (capacity < 1 || spawnLimit < 1 || healthFailures < 1) {
            throw new IllegalArgumentException("capacity, spawn limit and health failures must be positive");
        }
        if (idleStop == null || idleStop.isNegative() || idleStop.isZero()) {
            throw new IllegalArgumentException("the idle time of on-demand services must be positive");
        }
    }

    /** With the default idle time of on-demand services. */
    public SupervisorConfig(
            int capacity,
            int spawnLimit,
            Duration confirmTimeout,
            Duration stopGrace,
            Duration pollInterval,
            Duration healthInterval,
            int healthFailures,
            RestartPolicy restarts) {
        this(
                capacity,
                spawnLimit,
                confirmTimeout,
                stopGrace,
                pollInterval,
                healthInterval,
                healthFailures,
                restarts,
                DEFAULT_IDLE_STOP);
    }
}
