package org.opentwinj.platform.spawner.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.spawner.SpawnerBackend;
import org.opentwinj.platform.spawner.SpawnerConfig;

/**
 * The kubernetes spawner's part of the LSS's configuration.
 *
 * @param spawner how pods are shaped and watched
 * @param launch  which images they run
 * @param pool    how warm pool pods are named and prioritised
 */
public record KubernetesConfig(
        KubernetesSpawnerConfig spawner, KubernetesLaunchConfig launch, KubernetesPoolSettings pool)
        implements SpawnerConfig {
    public KubernetesConfig {
        Objects.requireNonNull(spawner, "spawner");
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(pool, "pool");
    }

    /** Connects to the API server from inside the pod (or by the kubeconfig), failing with the peer code. */
    @Override
    public SpawnerBackend<?> create() {
        KubernetesSpawner pods;
        try {
            pods = KubernetesSpawner.connect(spawner);
        } catch (KubernetesClientException e) {
            throw new ExitException(
                    ExitCode.PEER_UNREACHABLE, "cannot reach the Kubernetes API server: " + e.getMessage(), e);
        }
        return new SpawnerBackend<>(pods, new KubernetesLaunchBackend(spawner, launch), pods::problem, pods);
    }

    @Override
    public String describe() {
        return "pods in namespace " + spawner.namespace() + " from " + launch.imageRepository() + " (tag "
                + launch.imageTag() + ")";
    }
}
