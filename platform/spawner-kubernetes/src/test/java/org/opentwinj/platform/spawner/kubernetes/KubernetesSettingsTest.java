package org.opentwinj.platform.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.spawner.SpawnerProvider;
import org.opentwinj.services.lss.LocalSessionService;
import org.opentwinj.services.lss.pool.ServicePoolFactory;

/** The kubernetes spawner's settings: what an operator gets wrong stops the LSS with one line. */
class KubernetesSettingsTest {
    @TempDir
    Path directory;

    private static Settings settings(Map<String, String> flags) {
        return Settings.resolve(KubernetesSettings.ALL, flags, Map.of());
    }

    private Path noNamespaceFile() {
        return directory.resolve("namespace");
    }

    private static void assertConfigError(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ExitException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION);
            assertThat(e.getMessage()).isEqualTo(message).doesNotContain("\n");
        });
    }

    @Test
    void theLssFindsThisSpawnerNextToTheLocalOneAndListsItsSettings() {
        assertThat(ServiceLoader.load(SpawnerProvider.class).stream()
                        .map(provider -> provider.get().name()))
                .containsExactlyInAnyOrder("local", "kubernetes");
        assertThat(new LocalSessionService().settings())
                .extracting(Setting::name)
                .contains(
                        "spawner",
                        "port-range",
                        "namespace",
                        "image-repository",
                        "pod-resources",
                        "sessions-service",
                        "pool-service",
                        "pool-priority-class")
                .doesNotHaveDuplicates();
    }

    @Test
    void theLssFindsTheKubernetesPoolFactoryByTheSpawnersName() {
        assertThat(ServicePoolFactory.load())
                .extracting(ServicePoolFactory::spawner)
                .contains("kubernetes");
    }

    @Test
    void thePoolServiceAndPriorityClassHaveDefaultsAndNoneMeansNoPriorityClass() {
        assertThat(KubernetesSettings.poolSettings(settings(Map.of())))
                .isEqualTo(new KubernetesPoolSettings("opentwin-pool", Optional.of("opentwin-pool")));
        assertThat(KubernetesSettings.poolSettings(settings(Map.of("pool-priority-class", "none"))))
                .isEqualTo(new KubernetesPoolSettings("opentwin-pool", Optional.empty()));
        assertConfigError(
                () -> KubernetesSettings.poolSettings(settings(Map.of("pool-service", "Pool_Pods"))),
                "invalid --pool-service 'Pool_Pods': a DNS label");
        assertConfigError(
                () -> KubernetesSettings.poolSettings(settings(Map.of("pool-priority-class", "Low Priority"))),
                "invalid --pool-priority-class 'Low Priority': a DNS subdomain name");
    }

    @Test
    void withoutNamespaceFlagOrPodNamespaceTheLssDoesNotStart() {
        assertConfigError(
                () -> KubernetesSettings.spawnerConfig(settings(Map.of()), "lss-1", noNamespaceFile()),
                "the kubernetes spawner needs a namespace: give --namespace (OPEN_TWIN_NAMESPACE); " + noNamespaceFile()
                        + " (set in pods) is missing or empty");
    }

    @Test
    void theNamespaceIsThePodsOwnUnlessGiven() throws IOException {
        Path file = Files.writeString(directory.resolve("namespace"), "opentwin-prod\n");
        assertThat(KubernetesSettings.spawnerConfig(settings(Map.of()), "lss-1", file)
                        .namespace())
                .isEqualTo("opentwin-prod");
        assertThat(KubernetesSettings.spawnerConfig(settings(Map.of("namespace", "other")), "lss-1", file)
                        .namespace())
                .isEqualTo("other");
    }

    @Test
    void theDefaultsFitTheManifests() {
        KubernetesSpawnerConfig config =
                KubernetesSettings.spawnerConfig(settings(Map.of("namespace", "opentwin")), "lss-1", noNamespaceFile());
        assertThat(config.sessionsService()).isEqualTo("opentwin-sessions");
        assertThat(config.imagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(config.watchSilence()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.resources().forType("anything").getLimits()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(config.placement().nodeSelector()).isEmpty();
    }

    @Test
    void badPodResourcesNameTheBadPart() {
        assertConfigError(
                () -> KubernetesSettings.spawnerConfig(
                        settings(Map.of("namespace", "opentwin", "pod-resources", "model=cpu:lots")),
                        "lss-1",
                        noNamespaceFile()),
                "invalid --pod-resources: model: 'lots' is not a quantity for cpu (e.g. 250m, 2, 512Mi, 1Gi)");
        assertConfigError(
                () -> KubernetesSettings.spawnerConfig(
                        settings(Map.of("namespace", "opentwin", "pod-resources", "model:cpu=1")),
                        "lss-1",
                        noNamespaceFile()),
                "invalid --pod-resources: 'model:cpu' is not a service type (lower-case letters, digits, '-')");
        assertConfigError(
                () -> KubernetesSettings.spawnerConfig(
                        settings(Map.of("namespace", "opentwin", "pod-resources", "default=memory:2Gi/1Gi")),
                        "lss-1",
                        noNamespaceFile()),
                "invalid --pod-resources: default: the memory limit 1Gi is below its request 2Gi");
        assertConfigError(
                () -> KubernetesSettings.spawnerConfig(
                        settings(Map.of("namespace", "opentwin", "pod-resources", "model=gpu:1")),
                        "lss-1",
                        noNamespaceFile()),
                "invalid --pod-resources: model: unknown resource 'gpu'; valid: cpu, memory, ephemeral-storage");
    }

    @Test
    void podResourcesPerTypeAndNodePlacementAreRead() {
        KubernetesSpawnerConfig config = KubernetesSettings.spawnerConfig(
                settings(Map.of(
                        "namespace",
                        "opentwin",
                        "pod-resources",
                        "fittd=cpu:2/8,memory:4Gi/16Gi",
                        "node-selector",
                        "kubernetes.io/os=windows,pool=solvers",
                        "tolerations",
                        "os=windows:NoSchedule,gpu")),
                "lss-1",
                noNamespaceFile());
        assertThat(config.resources().forType("fittd").getRequests())
                .containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("4Gi"));
        assertThat(config.resources().forType("model").getRequests()).containsEntry("cpu", new Quantity("100m"));
        assertThat(config.placement().nodeSelector())
                .containsExactlyInAnyOrderEntriesOf(Map.of("kubernetes.io/os", "windows", "pool", "solvers"));
        assertThat(config.placement().tolerations()).hasSize(2);
        assertThat(config.placement().tolerations().get(1).getOperator()).isEqualTo("Exists");
        assertThat(config.placement().tolerations().get(1).getEffect()).isNull();
    }

    @Test
    void badPlacementAndPolicyAreRefused() {
        assertConfigError(
                () -> KubernetesSettings.spawnerConfig(
                        settings(Map.of("namespace", "opentwin", "tolerations", "os=windows:Never")),
                        "lss-1",
                        noNamespaceFile()),
                "invalid --tolerations: 'os=windows:Never': effect 'Never' is not NoSchedule, PreferNoSchedule or NoExecute");
        assertConfigError(
                () -> KubernetesSettings.spawnerConfig(
                        settings(Map.of("namespace", "opentwin", "node-selector", "windows")),
                        "lss-1",
                        noNamespaceFile()),
                "invalid --node-selector: 'windows' is not a label key=value");
        assertConfigError(
                () -> KubernetesSettings.spawnerConfig(
                        settings(Map.of("namespace", "opentwin", "image-pull-policy", "Sometimes")),
                        "lss-1",
                        noNamespaceFile()),
                "invalid kubernetes spawner settings: image pull policy 'Sometimes' is not one of Always, IfNotPresent, Never");
        assertConfigError(
                () -> KubernetesSettings.spawnerConfig(
                        settings(Map.of("namespace", "Open_Twin")), "lss-1", noNamespaceFile()),
                "invalid kubernetes spawner settings: namespace 'Open_Twin' is not a DNS label");
    }

    @Test
    void imagesComeFromTheRepositoryWithThePlatformVersion() {
        KubernetesLaunchConfig launch =
                KubernetesSettings.launchConfig(settings(Map.of("image-repository", "registry.example.org/opentwin/")));
        assertThat(launch.imageRepository()).isEqualTo("registry.example.org/opentwin");
        assertThat(launch.imageTag()).isEqualTo(KubernetesSettings.platformVersion());
        assertThat(launch.serviceImages()).containsExactlyInAnyOrder("model", "echo");

        assertConfigError(
                () -> KubernetesSettings.launchConfig(settings(Map.of("image-tag", "1.0:latest"))),
                "invalid --image-tag '1.0:latest': letters, digits, '_', '.' and '-', at most 128");
        assertConfigError(
                () -> KubernetesSettings.launchConfig(settings(Map.of("image-repository", "Registry/OpenTwin"))),
                "invalid --image-repository 'Registry/OpenTwin': lower-case letters, digits, '.', '_', '-', ':' and '/'");
    }
}
