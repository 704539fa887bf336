package org.opentwinj.platform.spawner.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * The settings of the kubernetes spawner (see docs/kubernetes-spawner.md), and how they are
 * read into its immutable configs: every invalid value stops the LSS with the configuration
 * exit code and a one-line reason.
 */
final class KubernetesSettings {
    static final Setting<String> NAMESPACE = Setting.of(
            "namespace",
            "kubernetes: namespace of the session pods (default: the LSS pod's own, from its service account)",
            null,
            ValueParsers.STRING);
    static final Setting<String> IMAGE_REPOSITORY = Setting.of(
            "image-repository",
            "kubernetes: session images are <repository>/<image>:<tag>",
            "localhost/opentwin",
            ValueParsers.STRING);
    static final Setting<String> IMAGE_TAG = Setting.of(
            "image-tag",
            "kubernetes: tag of the session images (default: the platform's version)",
            null,
            ValueParsers.STRING);
    static final Setting<String> IMAGE_PULL_POLICY = Setting.of(
            "image-pull-policy", "kubernetes: Always, IfNotPresent or Never", "IfNotPresent", ValueParsers.STRING);
    static final Setting<List<String>> SERVICE_IMAGES = Setting.of(
            "service-images",
            "kubernetes: service types with an image of their own; others run from the lss image",
            List.of("model", "echo"),
            ValueParsers.LIST);
    static final Setting<String> POD_RESOURCES = Setting.of(
            "pod-resources",
            "kubernetes: requests/limits per service type: type=cpu:<request>[/<limit>],memory:...;... (type 'default' for the rest)",
            PodResources.DEFAULT_TEXT,
            ValueParsers.STRING);
    static final Setting<String> NODE_SELECTOR = Setting.of(
            "node-selector", "kubernetes: node labels session pods need: key=value,...", null, ValueParsers.STRING);
    static final Setting<String> TOLERATIONS = Setting.of(
            "tolerations",
            "kubernetes: taints session pods tolerate: key[=value][:effect],...",
            null,
            ValueParsers.STRING);
    static final Setting<Long> WATCH_SILENCE_MS = Setting.of(
            "watch-silence-ms",
            "kubernetes: the pod watch is restarted after this long without an event",
            60_000L,
            ValueParsers.longValue(100, 3_600_000));
    static final Setting<String> SESSIONS_SERVICE = Setting.of(
            "sessions-service",
            "kubernetes: the headless Service that gives session pods their DNS names",
            "opentwin-sessions",
            ValueParsers.STRING);

    static final Setting<String> POOL_SERVICE = Setting.of(
            "pool-service",
            "kubernetes: the headless Service that gives warm pool pods their DNS names (with --pool-size above 0)",
            "opentwin-pool",
            ValueParsers.STRING);
    static final Setting<String> POOL_PRIORITY_CLASS = Setting.of(
            "pool-priority-class",
            "kubernetes: the PriorityClass of warm pool pods, below the session pods' (none: no PriorityClass)",
            "opentwin-pool",
            ValueParsers.STRING);

    /** The value of --pool-priority-class for pool pods without a PriorityClass. */
    static final String NO_PRIORITY_CLASS = "none";

    static final List<Setting<?>> ALL = List.of(
            NAMESPACE,
            IMAGE_REPOSITORY,
            IMAGE_TAG,
            IMAGE_PULL_POLICY,
            SERVICE_IMAGES,
            POD_RESOURCES,
            NODE_SELECTOR,
            TOLERATIONS,
            WATCH_SILENCE_MS,
            SESSIONS_SERVICE,
            POOL_SERVICE,
            POOL_PRIORITY_CLASS);

    /** Where Kubernetes tells a pod its namespace. */
    static final Path POD_NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    /** How long a restart waits for the previous pod of a service to go. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private KubernetesSettings() {}

    /**
     * @param namespaceFile where the pod's namespace is read when --namespace is not given
     */
    static KubernetesSpawnerConfig spawnerConfig(Settings settings, String lssId, Path namespaceFile) {
        String namespace = Optional.ofNullable(settings.get(NAMESPACE)).orElseGet(() -> podNamespace(namespaceFile));
        PodResources resources;
        try {
            resources = PodResources.parse(settings.get(POD_RESOURCES));
        } catch (IllegalArgumentException e) {
            throw configError("invalid --pod-resources: " + e.getMessage());
        }
        PodPlacement placement;
        try {
            placement = new PodPlacement(PodPlacement.parseNodeSelector(settings.get(NODE_SELECTOR)), List.of());
        } catch (IllegalArgumentException e) {
            throw configError("invalid --node-selector: " + e.getMessage());
        }
        try {
            placement = new PodPlacement(
                    placement.nodeSelector(), PodPlacement.parseTolerations(settings.get(TOLERATIONS)));
        } catch (IllegalArgumentException e) {
            throw configError("invalid --tolerations: " + e.getMessage());
        }
        try {
            return new KubernetesSpawnerConfig(
                    namespace,
                    lssId,
                    settings.get(SESSIONS_SERVICE),
                    settings.get(IMAGE_PULL_POLICY),
                    resources,
                    placement,
                    Duration.ofMillis(settings.get(WATCH_SILENCE_MS)),
                    START_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw configError("invalid kubernetes spawner settings: " + e.getMessage());
        }
    }

    private static String podNamespace(Path namespaceFile) {
        try {
            String namespace = Files.isRegularFile(namespaceFile)
                    ? Files.readString(namespaceFile).strip()
                    : "";
            if (namespace.isEmpty()) {
                throw configError("the kubernetes spawner needs a namespace: give --namespace (OPEN_TWIN_NAMESPACE); "
                        + namespaceFile + " (set in pods) is missing or empty");
            }
            return namespace;
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "cannot read the pod's namespace from " + namespaceFile + ": " + e.getMessage(),
                    e);
        }
    }

    static KubernetesLaunchConfig launchConfig(Settings settings) {
        String repository = settings.get(IMAGE_REPOSITORY).strip().replaceAll("/+$", "");
        if (!repository.matches("[a-z0-9]([a-z0-9._:/-]*[a-z0-9])?")) {
            throw configError("invalid --image-repository '" + repository
                    + "': lower-case letters, digits, '.', '_', '-', ':' and '/'");
        }
        String tag = Optional.ofNullable(settings.get(IMAGE_TAG)).orElseGet(KubernetesSettings::platformVersion);
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw configError("invalid --image-tag '" + tag + "': letters, digits, '_', '.' and '-', at most 128");
        }
        return new KubernetesLaunchConfig(repository, tag, Set.copyOf(settings.get(SERVICE_IMAGES)));
    }

    static KubernetesPoolSettings poolSettings(Settings settings) {
        String service = settings.get(POOL_SERVICE).strip();
        if (!service.matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw configError("invalid --pool-service '" + service + "': a DNS label");
        }
        String priorityClass = settings.get(POOL_PRIORITY_CLASS).strip();
        if (priorityClass.equals(NO_PRIORITY_CLASS)) {
            return new KubernetesPoolSettings(service, Optional.empty());
        }
        if (!priorityClass.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw configError("invalid --pool-priority-class '" + priorityClass + "': a DNS subdomain name");
        }
        return new KubernetesPoolSettings(service, Optional.of(priorityClass));
    }

    /** The version the images are tagged with by {@code opentwin images build}: this distribution's. */
    static String platformVersion() {
        String version = KubernetesSettings.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static ExitException configError(String message) {
        return new ExitException(ExitCode.INVALID_CONFIGURATION, message);
    }
}
