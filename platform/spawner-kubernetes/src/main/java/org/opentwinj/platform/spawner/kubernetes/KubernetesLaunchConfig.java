package org.opentwinj.platform.spawner.kubernetes;

import java.util.List;
import java.util.Set;

/**
 * Which images session pods run.
 *
 * @param imageRepository images are {@code <repository>/<image>:<tag>}
 * @param imageTag        the tag, by default the platform's version
 * @param serviceImages   service types with an image of their own, whose entry point runs them;
 *                        other types run from the {@code lss} image, which holds every service
 */
public record KubernetesLaunchConfig(String imageRepository, String imageTag, Set<String> serviceImages) {
    /** The image that can run any service: the LSS's own, which carries the whole distribution. */
    public static final String ANY_SERVICE_IMAGE = "lss";
    /** The entry point of the service images without {@code run <service>} (see deploy/containers/Containerfile). */
    public static final List<String> LAUNCHER =
            List.of("/opt/opentwin/jre/bin/java", "@/opt/opentwin/jvm.options", "org.opentwinj.cli.OpenTwinCli");

    public KubernetesLaunchConfig {
        serviceImages = Set.copyOf(serviceImages);
    }
}
