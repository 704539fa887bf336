package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceLogTest {
    private static final List<String> LOG = List.of(
            "[0.693s][warning][cds] not JSON, skipped",
            "{\"time\":\"2026-12-01T10:00:01.200Z\",\"message\":\"starting echo 0.1.0 with configuration {...}\",\"level\":\"INFO\"}",
            "{\"time\":\"2026-12-01T10:00:01.900Z\",\"message\":\"Helidon SE 4.5.0 features: [...]\",\"level\":\"INFO\"}",
            "{\"time\":\"2026-12-01T10:00:02.400Z\",\"message\":\"echo ready at https://127.0.0.1:23001\",\"level\":\"INFO\"}",
            "{\"time\":\"2026-12-01T10:00:02.600Z\",\"message\":\"confirmed to the LSS at https://127.0.0.1:4000 as echo-1\"}");

    @Test
    void theMarksAreTheFirstJsonLineAndReadyAt() {
        ServiceLog.Marks marks = ServiceLog.marks(LOG);

        assertThat(marks.first()).isEqualTo(Instant.parse("2026-12-01T10:00:01.200Z"));
        assertThat(marks.ready()).isEqualTo(Instant.parse("2026-12-01T10:00:02.400Z"));
    }

    @Test
    void theStepsRunFromTheForkToWhenTheStarterKnew() {
        var steps = ServiceLog.steps(
                Instant.parse("2026-12-01T10:00:00Z"),
                ServiceLog.marks(LOG),
                Instant.parse("2026-12-01T10:00:02.550Z"));

        assertThat(steps)
                .containsEntry(ServiceLog.Step.JVM, 1_200_000_000L)
                .containsEntry(ServiceLog.Step.START, 1_200_000_000L)
                .containsEntry(ServiceLog.Step.KNOWN, 150_000_000L);
    }

    @Test
    void aLogWithoutReadyGivesNoSteps() {
        ServiceLog.Marks marks = ServiceLog.marks(LOG.subList(0, 3));

        assertThat(marks.ready()).isNull();
        assertThat(ServiceLog.steps(Instant.EPOCH, marks, Instant.EPOCH)).isEmpty();
        assertThat(ServiceLog.marks(java.nio.file.Path.of("/nonexistent/log")).first())
                .isNull();
    }
}
