package org.opentwinj.services.auth;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;

/**
 * The AuthorizationService (AUTH): users, groups, the project catalog with ownership and
 * sharing, and login with short-lived signed tokens, refresh and logout.
 */
public final class AuthorizationService implements ServiceDefinition {
    public static final Setting<Long> ACCESS_TOKEN_MINUTES = Setting.of("access-token-minutes",
            "lifetime of access tokens", 15L, ValueParsers.longValue(1, 24 * 60));
    public static final Setting<Long> REFRESH_TOKEN_HOURS = Setting.of("refresh-token-hours",
            "lifetime of refresh tokens: how long a login lasts", 12L, ValueParsers.longValue(1, 24 * 30));
    public static final Setting<Integer> ARGON2_MEMORY_KIB = Setting.of("argon2-memory-kib",
            "Argon2id memory cost of new password hashes, in KiB", AuthConfig.DEFAULTS.argon2MemoryKib(),
            ValueParsers.integer(8, 4 * 1024 * 1024));
    public static final Setting<Integer> ARGON2_ITERATIONS = Setting.of("argon2-iterations",
            "Argon2id time cost of new password hashes", AuthConfig.DEFAULTS.argon2Iterations(), ValueParsers.integer(1, 100));

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public String description() {
        return "Authorization service: users, groups, project catalog and sharing, login tokens.";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(ACCESS_TOKEN_MINUTES, REFRESH_TOKEN_HOURS, ARGON2_MEMORY_KIB, ARGON2_ITERATIONS);
    }

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public void start(ServiceContext context) {
        MongoDatabase database = context.database().orElseThrow().database();
        Authorization.install(context.actions(), database, config(context.settings()), Clock.systemUTC());
    }

    static AuthConfig config(Settings settings) {
        return new AuthConfig(Duration.ofMinutes(settings.get(ACCESS_TOKEN_MINUTES)),
                Duration.ofHours(settings.get(REFRESH_TOKEN_HOURS)), settings.get(ARGON2_MEMORY_KIB),
                settings.get(ARGON2_ITERATIONS));
    }
}
