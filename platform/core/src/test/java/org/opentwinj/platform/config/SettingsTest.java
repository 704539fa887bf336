package org.opentwinj.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

class SettingsTest {
    static final Setting<String> SITE = Setting.of("site-id", "site", "1", ValueParsers.STRING);
    static final Setting<Integer> BEATS =
            Setting.of("heartbeat-interval-ms", "beat", 1000, ValueParsers.integer(10, 60_000));
    static final Setting<URI> URL = Setting.of("service-url", "url", null, ValueParsers.HTTPS_URL);
    static final Setting<String> PASSWORD = Setting.secret("admin-password", "pw", ValueParsers.STRING);
    static final List<Setting<?>> ALL = List.of(SITE, BEATS, URL, PASSWORD);

    @Test
    void flagBeatsVariableBeatsDefault() {
        Settings settings = Settings.resolve(
                ALL,
                Map.of("site-id", "from-flag"),
                Map.of("OPEN_TWIN_SITE_ID", "from-env", "OPEN_TWIN_HEARTBEAT_INTERVAL_MS", "250"));

        assertThat(settings.get(SITE)).isEqualTo("from-flag");
        assertThat(settings.source(SITE)).isEqualTo(Settings.Source.FLAG);
        assertThat(settings.get(BEATS)).isEqualTo(250);
        assertThat(settings.source(BEATS)).isEqualTo(Settings.Source.ENVIRONMENT);
        assertThat(settings.get(URL)).isNull();
        assertThat(settings.source(URL)).isEqualTo(Settings.Source.UNSET);
    }

    @Test
    void defaultAppliesWhenNothingIsGivenOrTheVariableIsBlank() {
        Settings settings = Settings.resolve(ALL, Map.of(), Map.of("OPEN_TWIN_SITE_ID", "  "));

        assertThat(settings.get(SITE)).isEqualTo("1");
        assertThat(settings.source(SITE)).isEqualTo(Settings.Source.DEFAULT);
    }

    @Test
    void environmentVariableNamesAreDerivedFromTheFlag() {
        assertThat(BEATS.flag()).isEqualTo("--heartbeat-interval-ms");
        assertThat(BEATS.environmentVariable()).isEqualTo("OPEN_TWIN_HEARTBEAT_INTERVAL_MS");
    }

    @Test
    void invalidValueNamesTheFlagOrVariableItCameFrom() {
        assertThatThrownBy(() -> Settings.resolve(ALL, Map.of("heartbeat-interval-ms", "fast"), Map.of()))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION))
                .hasMessage(
                        "invalid value 'fast' for --heartbeat-interval-ms: expected a whole number between 10 and 60000");
        assertThatThrownBy(() -> Settings.resolve(ALL, Map.of(), Map.of("OPEN_TWIN_HEARTBEAT_INTERVAL_MS", "5")))
                .hasMessageContaining("for OPEN_TWIN_HEARTBEAT_INTERVAL_MS");
    }

    @Test
    void secretsAreMaskedInTheDescriptionAndInErrors() {
        Settings settings = Settings.resolve(ALL, Map.of("admin-password", "hunter2"), Map.of());

        assertThat(settings.describe().get("admin-password"))
                .isEqualTo("**** (flag)")
                .doesNotContain("hunter2");
        assertThat(settings.get(PASSWORD)).isEqualTo("hunter2");
    }

    @Test
    void requireExplainsWhatIsMissing() {
        Settings settings = Settings.resolve(ALL, Map.of(), Map.of());

        assertThatThrownBy(() -> settings.require(URL))
                .isInstanceOf(ExitException.class)
                .hasMessage("missing --service-url (or OPEN_TWIN_SERVICE_URL): url");
    }

    @Test
    void unknownFlagIsRefused() {
        assertThatThrownBy(() -> Settings.resolve(ALL, Map.of("sight-id", "x"), Map.of()))
                .isInstanceOf(ExitException.class)
                .hasMessage("unknown option --sight-id");
    }
}
