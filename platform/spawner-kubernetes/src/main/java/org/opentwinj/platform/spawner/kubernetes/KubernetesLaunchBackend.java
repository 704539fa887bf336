package org.opentwinj.platform.spawner.kubernetes;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.opentwinj.platform.spawner.ContainerRequest;
import org.opentwinj.platform.spawner.Endpoint;
import org.opentwinj.platform.spawner.LaunchBackend;
import org.opentwinj.platform.spawner.ServiceLaunch;

/**
 * Session services as pods: each serves on port 8443 at the DNS name the sessions Service
 * gives its pod; its private files travel in a per-pod Secret, mounted read-only at
 * {@link KubernetesSpawnerConfig#FILES_DIRECTORY}. A service type with an image of its own
 * runs from it; any other from the {@code lss} image, with the launcher as entry point.
 */
public final class KubernetesLaunchBackend implements LaunchBackend<ContainerRequest> {
    private final KubernetesSpawnerConfig spawner;
    private final KubernetesLaunchConfig config;

    public KubernetesLaunchBackend(KubernetesSpawnerConfig spawner, KubernetesLaunchConfig config) {
        this.spawner = spawner;
        this.config = config;
    }

    @Override
    public Endpoint place(String session, String service) {
        String pod = PodNames.pod(session, service);
        return new Endpoint(
                PodNames.PORT,
                URI.create("https://" + PodNames.host(pod, spawner.sessionsService(), spawner.namespace()) + ":"
                        + PodNames.PORT));
    }

    @Override
    public void reserve(Endpoint endpoint) {
        // Every pod has its own address: nothing is shared that could be taken twice.
    }

    @Override
    public String bindAddress() {
        return "0.0.0.0";
    }

    @Override
    public List<String> hostNames(String session, String service, Endpoint endpoint) {
        return PodNames.hostNames(PodNames.pod(session, service), spawner.sessionsService(), spawner.namespace());
    }

    @Override
    public String filesDirectory(String session, String service) {
        return KubernetesSpawnerConfig.FILES_DIRECTORY;
    }

    @Override
    public ContainerRequest request(ServiceLaunch launch) {
        boolean ownImage = config.serviceImages().contains(launch.serviceType());
        String image = config.imageRepository() + "/"
                + (ownImage ? launch.serviceType() : KubernetesLaunchConfig.ANY_SERVICE_IMAGE) + ":"
                + config.imageTag();
        List<String> entryPoint = new ArrayList<>();
        if (!ownImage) {
            // The lss image's entry point runs the LSS: run this service with the same launcher instead.
            entryPoint.addAll(KubernetesLaunchConfig.LAUNCHER);
            entryPoint.addAll(List.of("run", launch.serviceType()));
        }
        return new ContainerRequest(
                launch.session(),
                launch.service(),
                image,
                launch.serviceType(),
                launch.project(),
                entryPoint,
                launch.arguments(),
                launch.environment(),
                launch.files());
    }

    @Override
    public void release(String session, String service, Endpoint endpoint) {
        // The pod's secret goes with the pod (the spawner deletes both); nothing is kept here.
    }
}
