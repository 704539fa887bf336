package org.opentwinj.services.gss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

class GssConfigTest {
    private static final Optional<URI> AUTH = Optional.of(URI.create("https://auth:8092"));

    private static GssConfig config(Map<String, String> flags, Map<String, String> environment) {
        return GlobalSessionService.config(
                AUTH, Settings.resolve(new GlobalSessionService().settings(), flags, environment));
    }

    @Test
    void theGracePeriodForASilentLssIsAMinuteByDefaultAndSetByItsVariable() {
        assertThat(config(Map.of(), Map.of()).lssGrace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config(Map.of(), Map.of("OPEN_TWIN_LSS_GRACE_MS", "10000")).lssGrace())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aGracePeriodShorterThanTheHeartbeatTimeoutIsAConfigurationError() {
        assertThatThrownBy(() -> config(
                        Map.of("lss-grace-ms", "5000", "heartbeat-interval-ms", "2000", "heartbeat-misses", "3"),
                        Map.of()))
                .isInstanceOfSatisfying(ExitException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION);
                    assertThat(e.getMessage())
                            .isEqualTo("--lss-grace-ms (5000) must be at least --heartbeat-interval-ms x"
                                    + " --heartbeat-misses (6000)");
                });
    }
}
