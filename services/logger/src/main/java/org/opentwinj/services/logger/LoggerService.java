package org.opentwinj.services.logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LoggerService: collects log records that services push in batches, keeps the newest
 * in a bounded buffer (and optionally in a rotating file), and serves them filtered by
 * session, user, service and level, with long polling for following them live. Services do
 * not need it to run; they log to stdout first.
 */
public final class LoggerService implements ServiceDefinition {
    private static final Logger LOG = LoggerFactory.getLogger(LoggerService.class);
    static final int MAX_BATCH = 5_000;
    static final int MAX_LIMIT = 10_000;
    static final long MAX_WAIT_MS = 30_000;

    static final Setting<Integer> BUFFER_RECORDS = Setting.of(
            "buffer-records",
            "how many records the logger keeps in memory",
            100_000,
            ValueParsers.integer(100, 10_000_000));
    static final Setting<Path> LOG_FILE =
            Setting.of("log-file", "also append every record to this file, rotating it", null, ValueParsers.PATH);
    static final Setting<Long> LOG_FILE_MAX_BYTES = Setting.of(
            "log-file-max-bytes",
            "size at which the log file rotates",
            64L * 1024 * 1024,
            ValueParsers.longValue(1024, Long.MAX_VALUE));
    static final Setting<Integer> LOG_FILE_KEEP =
            Setting.of("log-file-keep", "how many rotated files are kept", 5, ValueParsers.integer(1, 1000));

    /** {@code Log.Append}: records to store, oldest first. */
    public record AppendRequest(List<LogRecord> records) {}

    /** {@code Log.Query}: filters, a cursor and an optional wait for new records. */
    public record QueryRequest(
            @OptionalField String session,
            @OptionalField String user,
            @OptionalField String service,
            @OptionalField String level,
            @OptionalField Long after,
            @OptionalField Integer limit,
            @OptionalField Long waitMs,
            @OptionalField String job) {}

    /** The reply to {@code Log.Query}: records, and the cursor for the next query. */
    public record QueryReply(List<LogRecord> records, long next) {}

    @Override
    public String name() {
        return "logger";
    }

    @Override
    public String description() {
        return "Logger service: collects the platform's log records and serves them filtered and live.";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(BUFFER_RECORDS, LOG_FILE, LOG_FILE_MAX_BYTES, LOG_FILE_KEEP);
    }

    @Override
    public void start(ServiceContext context) throws IOException {
        LogBuffer buffer = new LogBuffer(context.settings().get(BUFFER_RECORDS));
        Path path = context.settings().get(LOG_FILE);
        RotatingFile file = path == null
                ? null
                : new RotatingFile(
                        path,
                        context.settings().get(LOG_FILE_MAX_BYTES),
                        context.settings().get(LOG_FILE_KEEP));
        if (file != null) {
            context.onShutdown(file);
        }
        register(context.actions(), buffer, file);
    }

    /** Registers the actions on a registry (also used by tests without a launcher). */
    static void register(ActionRegistry actions, LogBuffer buffer, RotatingFile file) {
        actions.register(ActionSpec.internal("Log.Append", AppendRequest.class, (request, call) -> {
            if (request.records().size() > MAX_BATCH) {
                throw new PublicException(413, "at most " + MAX_BATCH + " records per batch");
            }
            List<LogRecord> stored = buffer.append(request.records());
            if (file != null) {
                try {
                    file.append(stored.stream().map(Json::write).toList());
                } catch (IOException e) {
                    // The buffer has the records; losing the file copy must not fail the sender.
                    LOG.error("cannot write the log file", e);
                }
            }
            return stored.size();
        }));
        actions.register(ActionSpec.internal("Log.Query", QueryRequest.class, (request, call) -> query(buffer, request))
                .asIdempotent());
    }

    private static QueryReply query(LogBuffer buffer, QueryRequest request) throws InterruptedException {
        int minSeverity;
        try {
            minSeverity = request.level() == null ? 0 : Levels.parse(request.level());
        } catch (IllegalArgumentException e) {
            throw new PublicException("field 'level': " + e.getMessage());
        }
        int limit = request.limit() == null ? 1000 : request.limit();
        long waitMs = request.waitMs() == null ? 0 : request.waitMs();
        long after = request.after() == null ? 0 : request.after();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new PublicException("field 'limit' must be between 1 and " + MAX_LIMIT);
        }
        if (waitMs < 0 || waitMs > MAX_WAIT_MS) {
            throw new PublicException("field 'waitMs' must be between 0 and " + MAX_WAIT_MS);
        }
        if (after < 0) {
            throw new PublicException("field 'after' must not be negative");
        }
        LogFilter filter =
                new LogFilter(request.session(), request.user(), request.service(), minSeverity, request.job());
        List<LogRecord> records = buffer.read(filter, after, limit, Duration.ofMillis(waitMs));
        return new QueryReply(
                records, records.isEmpty() ? after : records.getLast().seq());
    }
}
