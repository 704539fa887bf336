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
 */
public record SupervisorConfig(
        int capacity,
        int spawnLimit,
        Duration confirmTimeout,
        Duration stopGrace,
        Duration pollInterval,
        Duration healthInterval,
        int healthFailures,
        RestartPolicy restarts) {
    public SupervisorConfig {
        if (capacity < 1 || spawnLimit < 1 || healthFailures < 1) {
            throw new IllegalArgumentException("capacity, spawn limit and health failures must be positive");
        }
    }
}
