package org.opentwinj.services.lss;

import java.nio.file.Path;
import java.util.List;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.services.lss.session.BuiltInSessionTypes;

/**
 * The LSS's own settings, each with its {@code OPEN_TWIN_*} variable; each spawner adds its own
 * (see {@link SpawnerProviders}).
 */
final class LssSettings {
    static final Setting<String> LSS_ID = Setting.of(
            "lss-id",
            "this LSS's id at the GSS, stable across restarts (default: lss-<host>-<port> of --service-url)",
            null,
            ValueParsers.STRING);
    static final Setting<Integer> CAPACITY =
            Setting.of("capacity", "the most sessions this LSS runs at once", 10, ValueParsers.integer(1, 10_000));
    static final Setting<String> SPAWNER = Setting.of(
            "spawner",
            "how session services are started: local (processes) or kubernetes (pods, in the lss-kubernetes image)",
            "local",
            ValueParsers.STRING);
    static final Setting<String> SESSION_TYPES = Setting.of(
            "session-types",
            "session types and their services: type=name[:service][@open|@demand|?[idle]],...;type2=...",
            BuiltInSessionTypes.DEFINITION,
            ValueParsers.STRING);
    static final Setting<Integer> SPAWN_LIMIT = Setting.of(
            "spawn-limit",
            "the most sessions starting at once; more are answered 429 with Retry-After",
            4,
            ValueParsers.integer(1, 1000));
    static final Setting<Long> CONFIRM_TIMEOUT_MS = Setting.of(
            "confirm-timeout-ms",
            "how long a started service has to confirm",
            60_000L,
            ValueParsers.longValue(100, 3_600_000));
    static final Setting<Long> STOP_GRACE_MS = Setting.of(
            "stop-grace-ms",
            "how long a session service has to stop after SIGTERM before it is killed",
            10_000L,
            ValueParsers.longValue(0, 600_000));
    static final Setting<Long> POLL_INTERVAL_MS = Setting.of(
            "poll-interval-ms",
            "how often session services are checked for an unexpected exit",
            500L,
            ValueParsers.longValue(10, 60_000));
    static final Setting<Long> HEALTH_INTERVAL_MS = Setting.of(
            "health-interval-ms",
            "how often ready session services are pinged",
            5_000L,
            ValueParsers.longValue(50, 600_000));
    static final Setting<Integer> HEALTH_FAILURES = Setting.of(
            "health-failures",
            "failed pings in a row after which a session service is restarted",
            3,
            ValueParsers.integer(1, 100));
    static final Setting<Long> RESTART_INITIAL_DELAY_MS = Setting.of(
            "restart-initial-delay-ms",
            "delay before the first restart of a stopped service; doubles each time",
            10_000L,
            ValueParsers.longValue(0, 3_600_000));
    static final Setting<Long> RESTART_MAX_DELAY_MS = Setting.of(
            "restart-max-delay-ms", "longest delay between restarts", 300_000L, ValueParsers.longValue(0, 3_600_000));
    static final Setting<Long> RESTART_RESET_MS = Setting.of(
            "restart-reset-ms",
            "running this long without stopping resets the back-off",
            600_000L,
            ValueParsers.longValue(0, 86_400_000));
    static final Setting<Integer> RESTART_LIMIT = Setting.of(
            "restart-limit", "restarts in a row after which the session fails", 5, ValueParsers.integer(0, 1000));
    static final Setting<Long> IDLE_STOP_MS = Setting.of(
            "idle-stop-ms",
            "how long an on-demand session service may be idle (no request, no running job) before it stops",
            600_000L,
            ValueParsers.longValue(1_000, 86_400_000));
    static final Setting<Path> WORK_DIR = Setting.of(
            "work-dir",
            "where session services' certificates and logs go (default: <tmp>/opentwin-lss-<port>)",
            null,
            ValueParsers.PATH);
    static final Setting<Path> SESSION_CA_KEY = Setting.of(
            "session-ca-key",
            "PEM key of the --ca, to issue session services' certificates (default: --ca-key)",
            null,
            ValueParsers.PATH);
    static final Setting<Boolean> STOP_SESSIONS_ON_EXIT = Setting.of(
            "stop-sessions-on-exit",
            "stop every session's services when the LSS stops (false: a restarted LSS takes them over)",
            true,
            ValueParsers.BOOLEAN);

    static final List<Setting<?>> ALL = List.of(
            LSS_ID,
            CAPACITY,
            SPAWNER,
            SESSION_TYPES,
            SPAWN_LIMIT,
            CONFIRM_TIMEOUT_MS,
            STOP_GRACE_MS,
            POLL_INTERVAL_MS,
            HEALTH_INTERVAL_MS,
            HEALTH_FAILURES,
            RESTART_INITIAL_DELAY_MS,
            RESTART_MAX_DELAY_MS,
            RESTART_RESET_MS,
            RESTART_LIMIT,
            IDLE_STOP_MS,
            WORK_DIR,
            SESSION_CA_KEY,
            STOP_SESSIONS_ON_EXIT);

    private LssSettings() {}
}
