package org.opentwinj.services.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.config.Settings;

class AuthorizationServiceTest {
    private final AuthorizationService service = new AuthorizationService();

    @Test
    void defaultsAreTheDocumentedOnes() {
        AuthConfig config = AuthorizationService.config(Settings.resolve(service.settings(), Map.of(), Map.of()));
        assertThat(config).isEqualTo(AuthConfig.DEFAULTS);
        assertThat(service.name()).isEqualTo("auth");
        assertThat(service.requiresDatabase()).isTrue();
    }

    @Test
    void flagsBeatVariables() {
        Settings settings = Settings.resolve(
                service.settings(),
                Map.of("access-token-minutes", "5"),
                Map.of("OPEN_TWIN_ACCESS_TOKEN_MINUTES", "7", "OPEN_TWIN_ARGON2_MEMORY_KIB", "65536"));
        AuthConfig config = AuthorizationService.config(settings);
        assertThat(config.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.argon2MemoryKib()).isEqualTo(65536);
    }
}
