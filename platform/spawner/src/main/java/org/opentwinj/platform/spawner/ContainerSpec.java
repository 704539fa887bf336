package org.opentwinj.platform.spawner;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a spawner that runs containers (pods) needs beyond a command line. With it, the
 * request's {@link SpawnRequest#command()} is the argument list given to the image's entry
 * point (or to {@link #entryPoint()} when that is not empty).
 *
 * @param image       the image reference, e.g. {@code localhost/opentwin/model:0.1.0}
 * @param serviceType the service the image runs (e.g. {@code model}), which picks its resources
 * @param project     the project of the session, for labels
 * @param entryPoint  replaces the image's entry point when not empty (an image that runs any service)
 * @param files       private files by name (certificate, key, CA); the spawner mounts them
 *                    read-only in a directory the planner and spawner agree on, never in the pod spec
 */
public record ContainerSpec(String image, String serviceType, String project, List<String> entryPoint, Map<String, String> files) {
    public ContainerSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(project, "project");
        entryPoint = List.copyOf(entryPoint);
        files = Map.copyOf(files);
    }
}
