package org.opentwinj.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code opentwin logs}: the records the local platform's logger collected, optionally followed live. */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Prints the log records collected by the local platform's logger, oldest first.")
public final class LogsCommand implements Callable<Integer> {
    private static final long FOLLOW_WAIT_MS = 20_000;

    @Mixin
    DataDirectoryOption data = new DataDirectoryOption();

    @Option(names = "--service", description = "only this service")
    String service;

    @Option(names = "--session", description = "only this session")
    String session;

    @Option(names = "--user", description = "only this user")
    String user;

    @Option(names = "--job", description = "only this job's records ('opentwin jobs list PROJECT' shows job ids)")
    String job;

    @Option(names = "--level", description = "this level and above: trace, debug, info, warn, error")
    String level;

    @Option(
            names = "--limit",
            defaultValue = "200",
            description = "at most this many records per read (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(
            names = {"-f", "--follow"},
            description = "keep printing new records until Ctrl-C")
    boolean follow;

    @Option(names = "--json", description = "print the records as JSON lines")
    boolean json;

    private final Map<String, String> environment;
    private final PrintStream out;

    public LogsCommand(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    @Override
    public Integer call() {
        LocalLayout layout = data.existingLayout(environment);
        PlatformState state = PlatformState.read(layout.stateFile())
                .filter(PlatformState::isRunning)
                .orElseThrow(() -> new ExitException(
                        ExitCode.PEER_UNREACHABLE,
                        "the platform does not run (data directory " + layout.dataDirectory()
                                + "); its last logs are in " + layout.logs()));
        URI logger = state.services().stream()
                .filter(s -> s.name().equals(LocalLayout.LOGGER))
                .findFirst()
                .map(PlatformState.RunningService::url)
                .orElseThrow(() -> new ExitException(ExitCode.PEER_UNREACHABLE, "the running platform has no logger"));
        long after = 0;
        try (ServiceClient client = new ServiceClient(
                new LocalCertificates(layout.pki()).client().clientContext(),
                ClientOptions.DEFAULT.withRequestTimeout(Duration.ofMillis(FOLLOW_WAIT_MS + 10_000)))) {
            do {
                JsonNode reply = client.callIdempotent(logger, "Log.Query", query(after, follow ? FOLLOW_WAIT_MS : 0));
                for (JsonNode record : reply.path("records")) {
                    out.println(json ? record.toString() : format(record));
                }
                after = reply.path("next").asLong(after);
            } while (follow);
        }
        return ExitCode.OK.code();
    }

    private Map<String, Object> query(long after, long waitMs) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("after", after);
        query.put("limit", limit);
        query.put("waitMs", waitMs);
        putIfSet(query, "service", service);
        putIfSet(query, "session", session);
        putIfSet(query, "user", user);
        putIfSet(query, "job", job);
        putIfSet(query, "level", level);
        return query;
    }

    private static void putIfSet(Map<String, Object> query, String key, String value) {
        if (value != null) {
            query.put(key, value);
        }
    }

    static String format(JsonNode record) {
        StringBuilder line = new StringBuilder()
                .append(record.path("time").asText())
                .append(' ')
                .append(String.format("%-5s", record.path("level").asText()))
                .append(' ')
                .append(record.path("service").asText());
        if (record.hasNonNull("session")) {
            line.append(" [").append(record.path("session").asText()).append(']');
        }
        if (record.hasNonNull("job")) {
            line.append(" (job ").append(record.path("job").asText()).append(')');
        }
        line.append(": ").append(record.path("message").asText());
        if (record.hasNonNull("exception")) {
            line.append('\n').append(record.path("exception").asText());
        }
        return line.toString();
    }
}
