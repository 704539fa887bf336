package org.opentwinj.services.lss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.spawner.SpawnerConfig;
import org.opentwinj.platform.spawner.SpawnerProvider;
import org.opentwinj.platform.spawner.SpawnerSite;
import org.opentwinj.platform.spawner.local.LocalSpawnerProvider;

/**
 * The LSS's choice of spawner. This module's class path is the lss image's: the local spawner
 * only (the Kubernetes module's tests check the LSS with both).
 */
class SpawnerProvidersTest {
    private static void assertConfigError(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ExitException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION);
            assertThat(e.getMessage()).isEqualTo(message).doesNotContain("\n");
        });
    }

    /** A provider that only has a name and settings. */
    private record Named(String name, List<Setting<?>> settings) implements SpawnerProvider {
        @Override
        public SpawnerConfig configure(Settings settings, SpawnerSite site) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theLocalSpawnerIsFoundOnTheClassPathWithItsSettings() {
        SpawnerProviders providers = SpawnerProviders.load(LssSettings.ALL);

        assertThat(providers.names()).containsExactly("local");
        assertThat(providers.named("local")).isInstanceOf(LocalSpawnerProvider.class);
        assertThat(new LocalSessionService().settings())
                .extracting(Setting::name)
                .contains("spawner", "port-range", "session-java-options")
                .doesNotHaveDuplicates();
    }

    @Test
    void anUnknownSpawnerIsRefusedWithTheNamesFound() {
        assertConfigError(
                () -> SpawnerProviders.load(LssSettings.ALL).named("docker"),
                "unknown --spawner 'docker'; valid: local");
        assertConfigError(
                () -> new SpawnerProviders(
                                List.of(new Named("local", List.of()), new Named("docker", List.of())), List.of())
                        .named("podman"),
                "unknown --spawner 'podman'; valid: docker, local");
    }

    @Test
    void theKubernetesSpawnerWhereItsModuleIsMissingNamesTheImageThatHasIt() {
        assertConfigError(
                () -> SpawnerProviders.load(LssSettings.ALL).named("kubernetes"),
                "this LSS has no kubernetes spawner (its module is not on the class path; valid here: local):"
                        + " the lss image starts session services as processes; run the lss-kubernetes image for"
                        + " --spawner kubernetes");
    }

    @Test
    void providersWhoseNamesOrSettingsClashAreABrokenDistribution() {
        Setting<String> capacity = Setting.of("capacity", "clashes with the LSS's own", null, ValueParsers.STRING);
        assertThatThrownBy(() -> new SpawnerProviders(List.of(new Named("pods", List.of(capacity))), LssSettings.ALL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the pods spawner's setting --capacity is already defined");
        assertThatThrownBy(() -> new SpawnerProviders(
                        List.of(new Named("local", List.of()), new Named("local", List.of())), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("two spawner providers are named local");
    }
}
