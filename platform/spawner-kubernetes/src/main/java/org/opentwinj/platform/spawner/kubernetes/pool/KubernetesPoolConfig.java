package org.opentwinj.platform.spawner.kubernetes.pool;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The warm pool of a Kubernetes LSS; read once at its start.
 *
 * @param size          how many started, unassigned pool pods it keeps (0: none, no pod at all)
 * @param image         the image pool pods run: the {@code lss} image, which can become any service
 * @param lssCommonName the CN of the LSS's own certificate: the only caller a pool pod accepts
 * @param poolService   the headless Service that gives pool pods DNS names (their subdomain); it
 *                      selects {@code opentwin.org/pooled=true}, which a taken pod keeps
 * @param priorityClass the PriorityClass of pool pods, below the session pods' (empty: none)
 * @param resources     small requests (the scheduler places them wherever room is left), limits
 *                      of a session service (a pod's resources cannot change once it is taken)
 * @param warmTimeout   a pod not ready within this is deleted and replaced
 */
public record KubernetesPoolConfig(
        int size,
        String image,
        String lssCommonName,
        String poolService,
        Optional<String> priorityClass,
        ResourceRequirements resources,
        Duration warmTimeout) {
    public static final String DEFAULT_POOL_SERVICE = "opentwin-pool";
    public static final String DEFAULT_PRIORITY_CLASS = "opentwin-pool";

    public KubernetesPoolConfig {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(lssCommonName, "lssCommonName");
        Objects.requireNonNull(poolService, "poolService");
        Objects.requireNonNull(priorityClass, "priorityClass");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(warmTimeout, "warmTimeout");
        if (size < 0) {
            throw new IllegalArgumentException("pool size " + size + " is negative");
        }
        if (!poolService.matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("pool service '" + poolService + "' is not a DNS label");
        }
        if (warmTimeout.isNegative() || warmTimeout.isZero()) {
            throw new IllegalArgumentException("the warm timeout must be positive");
        }
    }
}
