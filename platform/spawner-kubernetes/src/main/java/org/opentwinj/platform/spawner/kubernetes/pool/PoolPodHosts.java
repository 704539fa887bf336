package org.opentwinj.platform.spawner.kubernetes.pool;

import java.net.URI;
import java.util.Optional;
import org.opentwinj.platform.spawner.ContainerRequest;

/** The host a request's service was placed at, from its {@code --service-url} flag. */
final class PoolPodHosts {
    private PoolPodHosts() {}

    static Optional<String> host(ContainerRequest request) {
        int at = request.arguments().indexOf("--service-url");
        if (at < 0 || at + 1 >= request.arguments().size()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(
                    URI.create(request.arguments().get(at + 1)).getHost());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
