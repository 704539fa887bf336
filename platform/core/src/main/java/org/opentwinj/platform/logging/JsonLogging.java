package org.opentwinj.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logback to write one JSON object per line: {@code time, level, service, logger,
 * thread, message}, the context fields {@code action, session, user, project, errorId, peer}
 * when set (see {@link LogContext}), and {@code exception} with the whole cause chain.
 * Values that look like passwords, tokens or private keys are masked wherever they appear.
 */
public final class JsonLogging {
    /** Fields that never reach a log with their value. */
    static final List<String> SECRET_FIELDS = List.of(
            "password",
            "newPassword",
            "oldPassword",
            "token",
            "accessToken",
            "refreshToken",
            "secret",
            "privateKey",
            "key",
            "authorization");

    /** Patterns of secrets inside free text (messages, exceptions). */
    static final List<String> SECRET_PATTERNS = List.of(
            // Signed tokens (JWS compact form): three base64url parts starting with a JSON header.
            "eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*",
            // PEM private keys.
            "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----",
            // key=value and "key": "value" pairs naming a secret.
            "(?i)(?<=(password|passwd|secret|token)[\"']?\\s{0,3}[=:]\\s{0,3}[\"']?)[^\\s\"',;&}]+",
            // Passwords inside connection strings: scheme://user:password@host.
            "(?<=://[^:/@\\s]{1,200}:)[^@/\\s]+(?=@)");

    private JsonLogging() {}

    /** The session every record of this process belongs to (session services), or null. */
    private static volatile String processSession;

    /** Services: JSON lines on stdout, where containers and Kubernetes collect them. */
    public static void configureForService(String service, String level) {
        configure(service, level, "System.out");
    }

    /**
     * A session service: like {@link #configureForService(String, String)}, and every record
     * carries the session, so the logger can serve a session's records to its user.
     */
    public static void configureForSessionService(String service, String level, String session) {
        processSession = session;
        configure(service, level, "System.out");
    }

    /** Command-line tools: JSON lines on stderr, so that stdout carries only the command's output. */
    public static void configureForCli(String level) {
        configure("cli", level, "System.err");
    }

    /** @throws IllegalArgumentException if {@code level} is not a logback level name */
    public static Level parseLevel(String level) {
        Level parsed = Level.toLevel(level.toUpperCase(Locale.ROOT), null);
        if (parsed == null) {
            throw new IllegalArgumentException("expected one of error, warn, info, debug, trace");
        }
        return parsed;
    }

    private static void configure(String service, String level, String target) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();

        // java.util.logging (used by some libraries) goes through SLF4J too, cheaply.
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        propagator.start();
        context.addListener(propagator);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("json");
        appender.setTarget(target);
        appender.setEncoder(encoder(context, service));
        appender.start();

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(parseLevel(level));
        root.addAppender(appender);
        // Helidon and the JDK are chatty at debug; keep them at info unless asked for trace.
        if (!"trace".equalsIgnoreCase(level)) {
            context.getLogger("io.helidon").setLevel(Level.INFO);
            context.getLogger("jdk.internal").setLevel(Level.INFO);
            context.getLogger("org.mongodb.driver").setLevel(Level.WARN);
        }
    }

    /** The JSON encoder of the platform's log format, also used to ship records to the logger. */
    public static LogstashEncoder encoder(LoggerContext context, String service) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        LogstashFieldNames names = encoder.getFieldNames();
        names.setTimestamp("time");
        names.setLevel("level");
        names.setLevelValue("[ignore]");
        names.setVersion("[ignore]");
        names.setLogger("logger");
        names.setThread("thread");
        names.setStackTrace("exception");
        var fields = JsonNodeFactory.instance.objectNode().put("service", service);
        if (processSession != null) {
            fields.put(LogContext.SESSION, processSession);
        }
        encoder.setCustomFields(fields.toString());
        encoder.setIncludeContext(false);
        encoder.setIncludeMdcKeyNames(LogContext.KEYS);

        ShortenedThrowableConverter throwables = new ShortenedThrowableConverter();
        throwables.setMaxDepthPerThrowable(40);
        throwables.setMaxLength(32_000);
        throwables.setRootCauseFirst(false);
        encoder.setThrowableConverter(throwables);

        MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
        SECRET_FIELDS.forEach(masking::addPath);
        SECRET_PATTERNS.forEach(masking::addValue);
        masking.setDefaultMask("****");
        masking.start();
        encoder.setJsonGeneratorDecorator(masking);
        encoder.start();
        return encoder;
    }
}
