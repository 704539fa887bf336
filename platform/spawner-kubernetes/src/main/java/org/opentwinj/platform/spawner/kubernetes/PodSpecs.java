package org.opentwinj.platform.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.opentwinj.platform.spawner.ContainerRequest;

/**
 * Builds the objects of a session service from a spawn request: pure model code, no I/O, so
 * the pod's shape is tested without a cluster.
 */
public final class PodSpecs {
    static final String CONTAINER = "service";
    static final String FILES_VOLUME = "session-files";
    static final String PROJECT_ANNOTATION = "opentwin.org/project-name";

    private final KubernetesSpawnerConfig config;

    PodSpecs(KubernetesSpawnerConfig config) {
        this.config = config;
    }

    /** The session's owner: deleting it makes the garbage collector remove the session's pods and secrets. */
    ConfigMap sessionOwner(String session, String project) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(PodNames.sessionOwner(session))
                .withNamespace(config.namespace())
                .withLabels(PodNames.sessionLabels(config.lssId(), session, project))
                .withAnnotations(Map.of(PROJECT_ANNOTATION, project))
                .endMetadata()
                .withData(Map.of("session", session, "project", project, "lss", config.lssId()))
                .build();
    }

    /** The pod's private files and environment values, owned by the session. */
    Secret secret(ContainerRequest request, ConfigMap owner) {
        Map<String, String> data = new TreeMap<>();
        request.files().forEach((name, content) -> data.put(name, base64(content)));
        request.environment().forEach((name, value) -> data.put(name, base64(value)));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(PodNames.pod(request.session(), request.service()))
                .withNamespace(config.namespace())
                .withLabels(labels(request))
                .withOwnerReferences(ownedBy(owner))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    Pod pod(ContainerRequest request, ConfigMap owner) {
        String name = PodNames.pod(request.session(), request.service());
        List<EnvVar> environment = request.environment().keySet().stream()
                .sorted()
                .map(variable -> new EnvVarBuilder()
                        .withName(variable)
                        .withNewValueFrom()
                        .withNewSecretKeyRef(variable, name, false)
                        .endValueFrom()
                        .build())
                .toList();
        List<KeyToPath> files = request.files().keySet().stream()
                .sorted()
                .map(file -> new KeyToPathBuilder().withKey(file).withPath(file).build())
                .toList();
        // Where the LSS placed it: its own name under the sessions Service, or the name of the warm pool
        // pod it was placed at (that pod is gone; this one takes its name, so the placed URL holds).
        PodNames.HostAndSubdomain host = serviceUrl(request)
                .flatMap(url -> PodNames.hostAndSubdomain(url, config.namespace()))
                .orElse(new PodNames.HostAndSubdomain(name, config.sessionsService()));
        Map<String, String> labels = labels(request);
        if (!host.subdomain().equals(config.sessionsService())) {
            labels.put(PodNames.POOLED, "true");
        }
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(config.namespace())
                .withLabels(labels)
                .withAnnotations(Map.of(PROJECT_ANNOTATION, request.project()))
                .withOwnerReferences(ownedBy(owner))
                .endMetadata()
                .withNewSpec()
                .withHostname(host.hostname())
                .withSubdomain(host.subdomain())
                // The LSS decides about restarts (back-off, limit), as it does for processes.
                .withRestartPolicy("Never")
                // Session services never call the Kubernetes API.
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNodeSelector(config.placement().podNodeSelector())
                .withTolerations(config.placement().tolerations())
                .withSecurityContext(restrictedPod())
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(request.image())
                .withImagePullPolicy(config.imagePullPolicy())
                .withCommand(request.entryPoint().isEmpty() ? null : request.entryPoint())
                .withArgs(request.arguments())
                .addNewPort()
                .withName("https")
                .withContainerPort(PodNames.PORT)
                .withProtocol("TCP")
                .endPort()
                .withEnv(environment)
                .withResources(config.resources().forType(request.serviceType()))
                .addNewVolumeMount()
                .withName(FILES_VOLUME)
                .withMountPath(KubernetesSpawnerConfig.FILES_DIRECTORY)
                .withReadOnly(true)
                .endVolumeMount()
                .withReadinessProbe(readinessProbe())
                // The log's tail becomes the termination message when the service wrote none: lastWords then
                // needs no log call.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(restrictedContainer())
                .endContainer()
                .addNewVolume()
                .withName(FILES_VOLUME)
                // Readable by the image's non-root user; the container runs nothing else.
                .withNewSecret()
                .withSecretName(name)
                .withItems(files)
                .withDefaultMode(0444)
                .endSecret()
                .endVolume()
                .endSpec()
                .build();
    }

    /** The URL the service publishes, from its {@code --service-url} flag. */
    static Optional<URI> serviceUrl(ContainerRequest request) {
        int at = request.arguments().indexOf("--service-url");
        if (at < 0 || at + 1 >= request.arguments().size()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(request.arguments().get(at + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> labels(ContainerRequest request) {
        return PodNames.serviceLabels(
                config.lssId(), request.session(), request.project(), request.service(), request.serviceType());
    }

    private static OwnerReference ownedBy(ConfigMap owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(false)
                .withBlockOwnerDeletion(false)
                .build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Ready once the service answers {@code GET /readyz} over HTTPS on its port (session and pool pods alike). */
    public static Probe readinessProbe() {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath("/readyz")
                .withPort(new IntOrString(PodNames.PORT))
                .withScheme("HTTPS")
                .endHttpGet()
                .withPeriodSeconds(2)
                .withFailureThreshold(3)
                .withTimeoutSeconds(2)
                .build();
    }

    /** Not root, and the container runtime's default seccomp profile: every service pod's. */
    public static PodSecurityContext restrictedPod() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build();
    }

    /** No privilege escalation and no capabilities: a service needs neither. */
    public static SecurityContext restrictedContainer() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .build();
    }
}
