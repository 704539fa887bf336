package org.opentwinj.platform.spawner.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * The Kubernetes part of the warm pool's configuration (its size and timing are the LSS's
 * {@code --pool-*} settings).
 *
 * @param poolService   the headless Service that gives pool pods their DNS names
 * @param priorityClass the PriorityClass of pool pods (empty: none)
 */
public record KubernetesPoolSettings(String poolService, Optional<String> priorityClass) {
    public KubernetesPoolSettings {
        Objects.requireNonNull(poolService, "poolService");
        Objects.requireNonNull(priorityClass, "priorityClass");
    }
}
