package org.opentwinj.bench.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.json.Json;

/**
 * Where one service process spends its start, from its own JSON log lines: the first line
 * ("starting echo ...") and "echo ready at ..." once its port serves; and from its starter:
 * when the process was forked and when the starter learnt it was ready. Pure parsing, unit
 * tested.
 */
final class ServiceLog {
    /** The steps of one process's start, in order; each is the time since the previous mark. */
    enum Step {
        JVM("fork to the first log line: JVM boot, class loading, CLI parsing, logging set-up"),
        START(
                "first log line to 'ready at': settings, certificate and TLS set-up, AUTH peer check and token keys, Helidon start"),
        KNOWN(
                "'ready at' until the starter knew: session, its Service.Confirm over mTLS reached the LSS; direct, /readyz answered the poll");

        private final String description;

        Step(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /** The marks found in one log: its first line and "ready at" (null when absent). */
    record Marks(Instant first, Instant ready) {}

    private ServiceLog() {}

    static Marks marks(List<String> lines) {
        Instant first = null, ready = null;
        for (String line : lines) {
            if (line.isBlank() || line.charAt(0) != '{') {
                continue;
            }
            JsonNode node;
            Instant time;
            try {
                node = Json.mapper().readTree(line);
                time = Instant.parse(node.path("time").asText());
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (first == null) {
                first = time;
            }
            if (node.path("message").asText("").matches("\\S+ ready at .*")) {
                ready = time;
                break;
            }
        }
        return new Marks(first, ready);
    }

    static Marks marks(Path log) {
        try {
            return marks(Files.readAllLines(log, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return new Marks(null, null);
        }
    }

    /**
     * The steps of one start in nanoseconds; empty when a mark is missing.
     *
     * @param spawned when the process was forked (session: the LSS's "process N started" event)
     * @param noticed when its starter learnt it was ready (session: the LSS's "ready" event)
     */
    static Map<Step, Long> steps(Instant spawned, Marks marks, Instant noticed) {
        Map<Step, Long> steps = new EnumMap<>(Step.class);
        if (spawned == null || noticed == null || marks.first() == null || marks.ready() == null) {
            return steps;
        }
        steps.put(Step.JVM, Timeline.nanos(spawned, marks.first()));
        steps.put(Step.START, Timeline.nanos(marks.first(), marks.ready()));
        steps.put(Step.KNOWN, Timeline.nanos(marks.ready(), noticed));
        return steps;
    }
}
