package org.opentwinj.services.lss;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.CommonConfig;
import org.opentwinj.platform.launcher.CommonSettings;
import org.opentwinj.platform.launcher.JavaCommand;
import org.opentwinj.platform.launcher.JvmOptions;
import org.opentwinj.platform.spawner.SpawnerConfig;
import org.opentwinj.platform.spawner.SpawnerSite;
import org.opentwinj.platform.supervision.RestartPolicy;
import org.opentwinj.services.lss.launch.LaunchSettings;
import org.opentwinj.services.lss.session.SessionTypes;
import org.opentwinj.services.lss.session.SupervisorConfig;

/**
 * The LSS's configuration, read once at start from its flags, {@code OPEN_TWIN_*} variables
 * and defaults, with the chosen spawner's own part. Every invalid value stops the LSS with
 * the configuration exit code (the certificate one for its CA) and a one-line reason.
 *
 * @param id                 this LSS's id at the GSS
 * @param gssUrl             the GSS it registers at
 * @param sessionTypes       the session types it runs and their services
 * @param supervision        timeouts, restarts, capacity
 * @param caCertificate      the CA it issues its session services' certificates from
 * @param caKey              that CA's key
 * @param launch             what every session service gets, whatever the spawner
 * @param stopSessionsOnExit whether its sessions stop with it (else a restarted LSS takes them over)
 * @param spawnerName        the spawner's name ({@code --spawner})
 * @param spawner            the spawner's own configuration
 */
record LssConfig(
        String id,
        URI gssUrl,
        SessionTypes sessionTypes,
        SupervisorConfig supervision,
        Path caCertificate,
        Path caKey,
        LaunchSettings launch,
        boolean stopSessionsOnExit,
        String spawnerName,
        SpawnerConfig spawner) {
    /** The entry point session services are started with: the launcher's CLI. */
    static final String LAUNCHER_MAIN = "org.opentwinj.cli.OpenTwinCli";

    LssConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(gssUrl, "gssUrl");
        Objects.requireNonNull(spawner, "spawner");
    }

    static LssConfig read(CommonConfig common, Settings settings, SpawnerProviders spawners) {
        URI gssUrl = common.gssUrl()
                .orElseThrow(() -> configError("the LSS needs the GSS: give --gss-url (OPEN_TWIN_GSS_URL)"));
        SessionTypes types = sessionTypes(settings.get(LssSettings.SESSION_TYPES));
        String id = Optional.ofNullable(settings.get(LssSettings.LSS_ID))
                .orElse("lss-" + common.serviceUrl().getHost().replace(':', '-') + "-" + common.port());
        String spawnerName = settings.get(LssSettings.SPAWNER);
        Path workDirectory = Optional.ofNullable(settings.get(LssSettings.WORK_DIR))
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "opentwin-lss-" + common.port()))
                .toAbsolutePath();
        // The spawner's settings are checked before anything is loaded or connected.
        SpawnerConfig spawner = spawners.named(spawnerName)
                .configure(
                        settings,
                        new SpawnerSite(
                                id,
                                common.serviceUrl(),
                                common.bindHost(),
                                workDirectory,
                                JavaCommand.of(
                                        LAUNCHER_MAIN,
                                        JvmOptions.forThisDistribution(false).sessionService(),
                                        List.of())));
        SupervisorConfig supervision = supervisorConfig(settings);

        Path caFile = common.certificates().ca().orElseThrow();
        Path caKey = Optional.ofNullable(settings.get(LssSettings.SESSION_CA_KEY))
                .or(() -> common.certificates().caKey())
                .orElseThrow(
                        () -> new ExitException(
                                ExitCode.CERTIFICATE_ERROR,
                                "the LSS issues its session services' certificates: give --session-ca-key (OPEN_TWIN_SESSION_CA_KEY)"));
        String caBundle;
        try {
            caBundle = Files.readString(caFile);
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.CERTIFICATE_ERROR, "cannot read the CA bundle " + caFile + ": " + e.getMessage(), e);
        }
        // The database URL may hold credentials: a variable, never a flag (command lines and pod specs are readable by
        // others).
        Map<String, String> environment = common.databaseUrl()
                .map(url -> Map.of(CommonSettings.DATABASE_URL.environmentVariable(), url))
                .orElse(Map.of());
        LaunchSettings launch = new LaunchSettings(
                common.serviceUrl(), caBundle, common.certificates().validity(), childFlags(common), environment);
        return new LssConfig(
                id,
                gssUrl,
                types,
                supervision,
                caFile,
                caKey,
                launch,
                settings.get(LssSettings.STOP_SESSIONS_ON_EXIT),
                spawnerName,
                spawner);
    }

    /** The flags every session service gets from its LSS. */
    private static List<String> childFlags(CommonConfig common) {
        List<String> flags = new ArrayList<>(List.of("--site-id", common.siteId(), "--log-level", common.logLevel()));
        common.loggerUrl().ifPresent(url -> flags.addAll(List.of("--logger-url", url.toString())));
        common.authUrl().ifPresent(url -> flags.addAll(List.of("--auth-url", url.toString())));
        return flags;
    }

    static SupervisorConfig supervisorConfig(Settings settings) {
        Duration initial = Duration.ofMillis(settings.get(LssSettings.RESTART_INITIAL_DELAY_MS));
        Duration max = Duration.ofMillis(settings.get(LssSettings.RESTART_MAX_DELAY_MS));
        if (max.compareTo(initial) < 0) {
            throw configError("--restart-max-delay-ms must not be less than --restart-initial-delay-ms");
        }
        return new SupervisorConfig(
                settings.get(LssSettings.CAPACITY),
                settings.get(LssSettings.SPAWN_LIMIT),
                Duration.ofMillis(settings.get(LssSettings.CONFIRM_TIMEOUT_MS)),
                Duration.ofMillis(settings.get(LssSettings.STOP_GRACE_MS)),
                Duration.ofMillis(settings.get(LssSettings.POLL_INTERVAL_MS)),
                Duration.ofMillis(settings.get(LssSettings.HEALTH_INTERVAL_MS)),
                settings.get(LssSettings.HEALTH_FAILURES),
                new RestartPolicy(
                        initial,
                        max,
                        Duration.ofMillis(settings.get(LssSettings.RESTART_RESET_MS)),
                        settings.get(LssSettings.RESTART_LIMIT)),
                Duration.ofMillis(settings.get(LssSettings.IDLE_STOP_MS)));
    }

    static SessionTypes sessionTypes(String text) {
        try {
            return SessionTypes.parse(text);
        } catch (IllegalArgumentException e) {
            throw configError("invalid --session-types: " + e.getMessage());
        }
    }

    private static ExitException configError(String message) {
        return new ExitException(ExitCode.INVALID_CONFIGURATION, message);
    }
}
