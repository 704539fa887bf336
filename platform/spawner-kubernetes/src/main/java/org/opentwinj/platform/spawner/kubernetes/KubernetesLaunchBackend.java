package org.opentwinj.platform.spawner.kubernetes;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    /** The LSS's warm pool, once it has one; none: every service is placed at a pod of its own. */
    private volatile PoolPlaces pool;

    public KubernetesLaunchBackend(KubernetesSpawnerConfig spawner, KubernetesLaunchConfig config) {
        this.spawner = spawner;
        this.config = config;
    }

    /** Places services at warm pool pods while the pool has ready ones (the pool is made after the backend). */
    public void usePool(PoolPlaces places) {
        this.pool = places;
    }

    /**
     * At a ready warm pool pod's DNS name when the pool has one (the pod is reserved for the
     * service), else at the service's own pod name under the sessions Service.
     */
    @Override
    public Endpoint place(String session, String service) {
        PoolPlaces places = pool;
        Optional<String> pooled = places == null ? Optional.empty() : places.reserve(session, service);
        String host = pooled.orElseGet(
                () -> PodNames.host(PodNames.pod(session, service), spawner.sessionsService(), spawner.namespace()));
        return new Endpoint(PodNames.PORT, URI.create("https://" + host + ":" + PodNames.PORT));
    }

    @Override
    public void reserve(Endpoint endpoint) {
        // Every pod has its own address: nothing is shared that could be taken twice.
    }

    @Override
    public String bindAddress() {
        return "0.0.0.0";
    }

    /** The names of the pod the endpoint names: its own, or the warm pool pod's it was placed at. */
    @Override
    public List<String> hostNames(String session, String service, Endpoint endpoint) {
        return PodNames.hostAndSubdomain(endpoint.url(), spawner.namespace())
                .map(host -> PodNames.hostNames(host.hostname(), host.subdomain(), spawner.namespace()))
                .orElseGet(() -> PodNames.hostNames(
                        PodNames.pod(session, service), spawner.sessionsService(), spawner.namespace()));
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
        // The pod's secret goes with the pod (the spawner deletes both); a pool pod reserved and never taken goes here.
        PoolPlaces places = pool;
        if (places != null) {
            places.release(session, service);
        }
    }
}
