package org.opentwinj.services.lss;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawner;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawnerConfig;
import org.opentwinj.platform.spawner.kubernetes.PodPlacement;
import org.opentwinj.platform.spawner.kubernetes.PodResources;
import org.opentwinj.services.lss.launch.KubernetesLaunchConfig;

/**
 * Reads the settings of the kubernetes spawner into its immutable configs; every invalid
 * value stops the LSS with the configuration exit code and a one-line reason.
 */
final class KubernetesLaunch {
    /** Where Kubernetes tells a pod its namespace. */
    static final Path POD_NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    /** How long a restart waits for the previous pod of a service to go. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private KubernetesLaunch() {}

    /**
     * @param namespaceFile where the pod's namespace is read when --namespace is not given
     */
    static KubernetesSpawnerConfig spawnerConfig(Settings settings, String lssId, Path namespaceFile) {
        String namespace = Optional.ofNullable(settings.get(LssSettings.NAMESPACE)).orElseGet(() -> podNamespace(namespaceFile));
        PodResources resources;
        try {
            resources = PodResources.parse(settings.get(LssSettings.POD_RESOURCES));
        } catch (IllegalArgumentException e) {
            throw configError("invalid --pod-resources: " + e.getMessage());
        }
        PodPlacement placement;
        try {
            placement = new PodPlacement(PodPlacement.parseNodeSelector(settings.get(LssSettings.NODE_SELECTOR)), List.of());
        } catch (IllegalArgumentException e) {
            throw configError("invalid --node-selector: " + e.getMessage());
        }
        try {
            placement = new PodPlacement(placement.nodeSelector(), PodPlacement.parseTolerations(settings.get(LssSettings.TOLERATIONS)));
        } catch (IllegalArgumentException e) {
            throw configError("invalid --tolerations: " + e.getMessage());
        }
        try {
            return new KubernetesSpawnerConfig(namespace, lssId, settings.get(LssSettings.SESSIONS_SERVICE),
                    settings.get(LssSettings.IMAGE_PULL_POLICY), resources, placement,
                    Duration.ofMillis(settings.get(LssSettings.WATCH_SILENCE_MS)), START_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw configError("invalid kubernetes spawner settings: " + e.getMessage());
        }
    }

    /** Connects to the API server from inside the pod (or by the kubeconfig), failing with the peer code. */
    static KubernetesSpawner connect(KubernetesSpawnerConfig config) {
        try {
            return KubernetesSpawner.connect(config);
        } catch (KubernetesClientException e) {
            throw new ExitException(ExitCode.PEER_UNREACHABLE, "cannot reach the Kubernetes API server: " + e.getMessage(), e);
        }
    }

    private static String podNamespace(Path namespaceFile) {
        try {
            String namespace = Files.isRegularFile(namespaceFile) ? Files.readString(namespaceFile).strip() : "";
            if (namespace.isEmpty()) {
                throw configError("the kubernetes spawner needs a namespace: give --namespace (OPEN_TWIN_NAMESPACE); "
                        + namespaceFile + " (set in pods) is missing or empty");
            }
            return namespace;
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot read the pod's namespace from " + namespaceFile + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param settingsFlags flags every session service gets
     * @param databaseUrl   passed as a variable from the pod's secret, never as a flag in the pod spec
     */
    static KubernetesLaunchConfig launchConfig(Settings settings, KubernetesSpawnerConfig spawner, Path caFile, Duration certValidity,
            URI lssUrl, List<String> settingsFlags, Optional<String> databaseUrl) {
        String repository = settings.get(LssSettings.IMAGE_REPOSITORY).strip().replaceAll("/+$", "");
        if (!repository.matches("[a-z0-9]([a-z0-9._:/-]*[a-z0-9])?")) {
            throw configError("invalid --image-repository '" + repository + "': lower-case letters, digits, '.', '_', '-', ':' and '/'");
        }
        String tag = Optional.ofNullable(settings.get(LssSettings.IMAGE_TAG)).orElseGet(KubernetesLaunch::platformVersion);
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw configError("invalid --image-tag '" + tag + "': letters, digits, '_', '.' and '-', at most 128");
        }
        String caBundle;
        try {
            caBundle = Files.readString(caFile);
        } catch (IOException e) {
            throw new ExitException(ExitCode.CERTIFICATE_ERROR, "cannot read the CA bundle " + caFile + ": " + e.getMessage(), e);
        }
        return new KubernetesLaunchConfig(spawner.namespace(), spawner.sessionsService(), repository, tag,
                Set.copyOf(settings.get(LssSettings.SERVICE_IMAGES)), caBundle, certValidity, lssUrl, settingsFlags,
                databaseUrl.map(url -> Map.of("OPEN_TWIN_DATABASE_URL", url)).orElse(Map.of()));
    }

    /** The version the images are tagged with by {@code opentwin images build}: this distribution's. */
    static String platformVersion() {
        String version = KubernetesLaunch.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static ExitException configError(String message) {
        return new ExitException(ExitCode.INVALID_CONFIGURATION, message);
    }
}
