package org.opentwinj.platform.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.logging.JsonLogging;

/**
 * The settings every service takes, mirroring the original launcher's arguments (site id,
 * service URL, database URL, GSS and AUTH URLs) plus certificates, logging and limits.
 */
public final class CommonSettings {
    public static final Setting<String> SITE_ID =
            Setting.of("site-id", "site this service runs for", "1", ValueParsers.STRING);
    public static final Setting<URI> SERVICE_URL = Setting.of(
            "service-url",
            "URL this service publishes to its peers (https://host:port); it binds the port of this URL",
            null,
            ValueParsers.HTTPS_URL);
    public static final Setting<String> BIND = Setting.of("bind", "address to bind", "0.0.0.0", ValueParsers.STRING);
    public static final Setting<String> DATABASE_URL = new Setting<>(
            "database-url",
            "MongoDB connection string; checked at start when given",
            null,
            ValueParsers.MONGODB_URL,
            true);
    public static final Setting<URI> GSS_URL = Setting.of(
            "gss-url", "URL of the global session service; checked at start when given", null, ValueParsers.HTTPS_URL);
    public static final Setting<URI> AUTH_URL = Setting.of(
            "auth-url", "URL of the authorization service; checked at start when given", null, ValueParsers.HTTPS_URL);
    public static final Setting<URI> LOGGER_URL = Setting.of(
            "logger-url",
            "URL of the logger service; when given, log records are also sent there in batches",
            null,
            ValueParsers.HTTPS_URL);
    public static final Setting<Path> CERT =
            Setting.of("cert", "PEM certificate of this service (server and client usage)", null, ValueParsers.PATH);
    public static final Setting<Path> KEY = Setting.of("key", "PEM private key of --cert", null, ValueParsers.PATH);
    public static final Setting<Path> CA =
            Setting.of("ca", "PEM CA bundle peers' certificates must chain to", null, ValueParsers.PATH);
    public static final Setting<Path> CA_KEY = Setting.of(
            "ca-key",
            "PEM CA key: issue this service's certificate at start instead of reading --cert/--key",
            null,
            ValueParsers.PATH);
    public static final Setting<List<String>> CERT_HOSTS = Setting.of(
            "cert-hosts",
            "extra names and addresses for a certificate issued at start (comma-separated)",
            List.of(),
            ValueParsers.LIST);
    public static final Setting<Long> CERT_VALIDITY_HOURS = Setting.of(
            "cert-validity-hours",
            "validity of a certificate issued at start",
            720L,
            ValueParsers.longValue(1, 24 * 825));
    public static final Setting<String> LOG_LEVEL =
            Setting.of("log-level", "error, warn, info, debug or trace", "info", text -> {
                JsonLogging.parseLevel(text);
                return text.toLowerCase(Locale.ROOT);
            });
    public static final Setting<Boolean> VERBOSE =
            Setting.of("verbose", "log at debug level (overrides --log-level)", false, ValueParsers.BOOLEAN);
    public static final Setting<Long> MAX_BODY_BYTES = Setting.of(
            "max-body-bytes",
            "largest request body accepted",
            16L * 1024 * 1024,
            ValueParsers.longValue(1024, 2L * 1024 * 1024 * 1024));
    public static final Setting<Long> SHUTDOWN_GRACE_MS = Setting.of(
            "shutdown-grace-ms",
            "how long a stop waits for in-flight requests",
            10_000L,
            ValueParsers.longValue(0, 600_000));
    public static final Setting<Long> PEER_WAIT_MS = Setting.of(
            "peer-wait-ms",
            "how long to wait at start for peers given by URL",
            30_000L,
            ValueParsers.longValue(0, 3_600_000));
    public static final Setting<Long> DATABASE_TIMEOUT_MS = Setting.of(
            "database-timeout-ms",
            "how long to wait at start for the database",
            10_000L,
            ValueParsers.longValue(100, 3_600_000));
    public static final Setting<Long> DATABASE_OPERATION_TIMEOUT_MS = Setting.of(
            "database-operation-timeout-ms",
            "how long one database operation may take, a request's waiting for a stalled or unreachable database"
                    + " included; then the request answers 503 with Retry-After",
            5_000L,
            ValueParsers.longValue(100, 3_600_000));

    public static final Setting<URI> LSS_URL = Setting.of(
            "lss-url",
            "URL of the LSS that started this service for a session; given with --session-id",
            null,
            ValueParsers.HTTPS_URL);
    public static final Setting<String> SESSION_ID = Setting.of(
            "session-id", "the session this service was started for; given with --lss-url", null, ValueParsers.STRING);
    public static final Setting<String> SESSION_SERVICE = Setting.of(
            "session-service",
            "this service's name within its session (default: the service name)",
            null,
            ValueParsers.STRING);

    public static final Setting<Long> STOP_WITHOUT_LSS_MS = Setting.of(
            "stop-without-lss-ms",
            "a session service stops by itself (exit code 9) when its LSS has not answered for this long; the LSS"
                    + " gives it the GSS's grace period for a silent LSS (--lss-grace-ms)",
            60_000L,
            ValueParsers.longValue(1_000, 86_400_000));

    public static final Setting<Boolean> STOPPED_BY_PARENT = Setting.of(
            "stopped-by-parent",
            "set by `opentwin up` and the LSS for the processes they start: ignore SIGINT (a terminal's Ctrl-C reaches the whole"
                    + " process group); the parent stops this process, in order, with SIGTERM",
            false,
            ValueParsers.BOOLEAN);

    public static final List<Setting<?>> ALL = List.of(
            SITE_ID,
            SERVICE_URL,
            BIND,
            DATABASE_URL,
            GSS_URL,
            AUTH_URL,
            LOGGER_URL,
            CERT,
            KEY,
            CA,
            CA_KEY,
            CERT_HOSTS,
            CERT_VALIDITY_HOURS,
            LOG_LEVEL,
            VERBOSE,
            MAX_BODY_BYTES,
            SHUTDOWN_GRACE_MS,
            PEER_WAIT_MS,
            DATABASE_TIMEOUT_MS,
            DATABASE_OPERATION_TIMEOUT_MS,
            LSS_URL,
            SESSION_ID,
            SESSION_SERVICE,
            STOP_WITHOUT_LSS_MS,
            STOPPED_BY_PARENT);

    private CommonSettings() {}
}
