package org.opentwinj.services.lss.launch;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How session services are launched as pods.
 *
 * @param namespace        the namespace of the pods (for their DNS names)
 * @param sessionsService  the headless Service that gives them DNS names
 * @param imageRepository  images are {@code <repository>/<image>:<tag>}
 * @param imageTag         the tag, by default the platform's version
 * @param serviceImages    service types with an image of their own, whose entry point runs them;
 *                         other types run from the {@code lss} image, which holds every service
 * @param caBundle         the CA bundle (PEM) they trust
 * @param certValidity     the validity of their certificates
 * @param lssUrl           this LSS, which they confirm to
 * @param settings         flags every session service gets (logger, AUTH, site, log level)
 * @param environment      settings passed as variables, kept out of the pod spec (the database URL)
 */
public record KubernetesLaunchConfig(String namespace, String sessionsService, String imageRepository, String imageTag,
        Set<String> serviceImages, String caBundle, Duration certValidity, URI lssUrl, List<String> settings,
        Map<String, String> environment) {
    /** The image that can run any service: the LSS's own, which carries the whole distribution. */
    public static final String ANY_SERVICE_IMAGE = "lss";
    /** The entry point of the service images without {@code run <service>} (see deploy/containers/Containerfile). */
    public static final List<String> LAUNCHER = List.of("/opt/opentwin/jre/bin/java", "@/opt/opentwin/jvm.options",
            "org.opentwinj.cli.OpenTwinCli");

    public KubernetesLaunchConfig {
        serviceImages = Set.copyOf(serviceImages);
        settings = List.copyOf(settings);
        environment = Map.copyOf(environment);
    }
}
