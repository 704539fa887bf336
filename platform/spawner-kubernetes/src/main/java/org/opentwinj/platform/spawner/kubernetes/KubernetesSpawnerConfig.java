package org.opentwinj.platform.spawner.kubernetes;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the Kubernetes spawner shapes and watches session pods; read once at the LSS's start.
 *
 * @param namespace       where the pods go (the LSS's own namespace)
 * @param lssId           the LSS's id: every object it creates carries it, so that several LSSs share a namespace
 * @param sessionsService the headless Service that gives session pods their DNS names (their subdomain)
 * @param imagePullPolicy Always, IfNotPresent or Never
 * @param resources       requests and limits per service type
 * @param placement       node selector and tolerations
 * @param watchSilence    a watch that delivered no event for this long is restarted
 * @param startTimeout    how long a start waits for a previous pod of the same name to go
 */
public record KubernetesSpawnerConfig(
        String namespace,
        String lssId,
        String sessionsService,
        String imagePullPolicy,
        PodResources resources,
        PodPlacement placement,
        Duration watchSilence,
        Duration startTimeout) {
    public static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    public static final String DEFAULT_SESSIONS_SERVICE = "opentwin-sessions";
    /** Where a pod's private files (certificate, key, CA) are mounted, read-only. */
    public static final String FILES_DIRECTORY = "/var/run/opentwin/session";

    public KubernetesSpawnerConfig {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(lssId, "lssId");
        Objects.requireNonNull(sessionsService, "sessionsService");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(placement, "placement");
        if (!PULL_POLICIES.contains(imagePullPolicy)) {
            throw new IllegalArgumentException(
                    "image pull policy '" + imagePullPolicy + "' is not one of Always, IfNotPresent, Never");
        }
        if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is not a DNS label");
        }
        if (!sessionsService.matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("sessions service '" + sessionsService + "' is not a DNS label");
        }
        if (watchSilence.isNegative() || watchSilence.isZero()) {
            throw new IllegalArgumentException("the watch silence must be positive");
        }
    }
}
