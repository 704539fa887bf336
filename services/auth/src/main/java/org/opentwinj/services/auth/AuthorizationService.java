package org.opentwinj.services.auth;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AuthorizationService (AUTH): users, groups, the project catalog with ownership and
 * sharing, and login with short-lived signed tokens, refresh and logout.
 */
public final class AuthorizationService implements ServiceDefinition {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationService.class);
    /** The name of the first admin created from {@link #FIRST_ADMIN_PASSWORD_FILE}. */
    public static final String FIRST_ADMIN = "admin";

    public static final Setting<Long> ACCESS_TOKEN_MINUTES =
            Setting.of("access-token-minutes", "lifetime of access tokens", 15L, ValueParsers.longValue(1, 24 * 60));
    public static final Setting<Long> REFRESH_TOKEN_HOURS = Setting.of(
            "refresh-token-hours",
            "lifetime of refresh tokens: how long a login lasts",
            12L,
            ValueParsers.longValue(1, 24 * 30));
    public static final Setting<Integer> ARGON2_MEMORY_KIB = Setting.of(
            "argon2-memory-kib",
            "Argon2id memory cost of new password hashes, in KiB",
            AuthConfig.DEFAULTS.argon2MemoryKib(),
            ValueParsers.integer(8, 4 * 1024 * 1024));
    public static final Setting<Integer> ARGON2_ITERATIONS = Setting.of(
            "argon2-iterations",
            "Argon2id time cost of new password hashes",
            AuthConfig.DEFAULTS.argon2Iterations(),
            ValueParsers.integer(1, 100));
    /**
     * Containers and clusters have no `opentwin up` to create the first admin: the operator
     * mounts a secret file instead, read once at start and used only while no user exists.
     */
    public static final Setting<Path> FIRST_ADMIN_PASSWORD_FILE = Setting.of(
            "first-admin-password-file",
            "file with the password of user 'admin', created at start when the database has no user yet (e.g. a mounted secret)",
            null,
            ValueParsers.PATH);

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
        return List.of(
                ACCESS_TOKEN_MINUTES,
                REFRESH_TOKEN_HOURS,
                ARGON2_MEMORY_KIB,
                ARGON2_ITERATIONS,
                FIRST_ADMIN_PASSWORD_FILE);
    }

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public void start(ServiceContext context) {
        MongoDatabase database = context.database().orElseThrow().database();
        Optional.ofNullable(context.settings().get(FIRST_ADMIN_PASSWORD_FILE))
                .ifPresent(file -> ensureFirstAdmin(database, file));
        Authorization.install(context.actions(), database, config(context.settings()), Clock.systemUTC());
    }

    /**
     * Creates user {@value #FIRST_ADMIN} with the file's password (its first line) if no user exists.
     *
     * @throws ExitException {@link ExitCode#INVALID_CONFIGURATION} if the file cannot be read or the password breaks the rules
     */
    static void ensureFirstAdmin(MongoDatabase database, Path file) {
        String password;
        try {
            password = Files.readString(file, StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("")
                    .strip();
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION, "cannot read --first-admin-password-file " + file + ": " + e, e);
        }
        if (password.isEmpty()) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION, "--first-admin-password-file " + file + " is empty");
        }
        try {
            if (FirstAdmin.ensure(database, FIRST_ADMIN, Optional.of(password)).isPresent()) {
                LOG.info("no user existed: created user '{}' with the password from {}", FIRST_ADMIN, file);
            } else {
                LOG.info("users exist already: --first-admin-password-file {} not used", file);
            }
        } catch (PublicException e) {
            if (e.status() == 409) {
                // Another AUTH replica created it between the check and the insert.
                LOG.info("user '{}' was created by another AUTH replica", FIRST_ADMIN);
                return;
            }
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION, "--first-admin-password-file " + file + ": " + e.getMessage(), e);
        }
    }

    static AuthConfig config(Settings settings) {
        return new AuthConfig(
                Duration.ofMinutes(settings.get(ACCESS_TOKEN_MINUTES)),
                Duration.ofHours(settings.get(REFRESH_TOKEN_HOURS)),
                settings.get(ARGON2_MEMORY_KIB),
                settings.get(ARGON2_ITERATIONS));
    }
}
