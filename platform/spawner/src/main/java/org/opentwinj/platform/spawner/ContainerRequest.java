package org.opentwinj.platform.spawner;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A session service to run as a container (a pod).
 *
 * @param session     the session id
 * @param service     the service's name within the session
 * @param image       the image reference, e.g. {@code localhost/opentwin/model:0.1.0}
 * @param serviceType the service the image runs (e.g. {@code model}), which picks its resources
 * @param project     the project of the session, for labels
 * @param entryPoint  replaces the image's entry point when not empty (an image that runs any service)
 * @param arguments   the arguments given to the entry point
 * @param environment variables of the container; their values stay out of the pod spec
 * @param files       private files by name (certificate, key, CA); the spawner mounts them read-only
 *                    in the directory its {@link LaunchBackend} names, never in the pod spec
 */
public record ContainerRequest(
        String session,
        String service,
        String image,
        String serviceType,
        String project,
        List<String> entryPoint,
        List<String> arguments,
        Map<String, String> environment,
        Map<String, String> files)
        implements SpawnRequest {
    public ContainerRequest {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(project, "project");
        entryPoint = List.copyOf(entryPoint);
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
        files = Map.copyOf(files);
    }
}
