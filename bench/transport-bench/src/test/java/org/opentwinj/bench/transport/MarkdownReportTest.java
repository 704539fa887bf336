package org.opentwinj.bench.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentwinj.bench.transport.PointResultTest.result;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.bench.support.Measurement;
import org.opentwinj.bench.support.Tally;

class MarkdownReportTest {
    private static final String OURS = MarkdownReport.OURS;
    private static final String PEER = MarkdownReport.PEER;

    @Test
    void theTableHasOneRowPerLevelAndTargetWithRatiosOnOurRow() {
        List<Measurement<PointResult>> ms = List.of(
                new Measurement<>(1, 1, result(OURS, 1, 1_000, 1_000_000_000L, 400)),
                new Measurement<>(1, 2, result(PEER, 1, 4_000, 1_000_000_000L, 100)),
                new Measurement<>(1, 1, result(PEER, 16, 8_000, 1_000_000_000L, 1_000)),
                new Measurement<>(1, 2, result(OURS, 16, 2_000, 1_000_000_000L, 2_000)));

        String table = MarkdownReport.resultsTable(MarkdownReport.merged(ms));

        List<String> rows = table.lines().toList();
        assertThat(rows).hasSize(6);
        assertThat(rows.get(2))
                .startsWith("| 1 | OpenTwin/J | 1000 | 1000 | 0.400 | 0.400 | 0 | 1 (0) |")
                .endsWith("| 0.25 | 4.00 | 4.00 | 4.00 |");
        assertThat(rows.get(3))
                .startsWith("| 1 | nginx | 4000 | 4000 | 0.100 |")
                .endsWith("| — | — | — | — |");
        assertThat(rows.get(4)).startsWith("| 16 | OpenTwin/J |").contains("| 0.25 | 2.00 | 2.00 |");
        assertThat(rows.get(5)).startsWith("| 16 | nginx |");
    }

    @Test
    void roundsAreMergedBeforeRatiosAreTaken() {
        List<Measurement<PointResult>> ms = List.of(
                new Measurement<>(1, 1, result(OURS, 1, 1_000, 1_000_000_000L, 100)),
                new Measurement<>(1, 2, result(PEER, 1, 1_000, 1_000_000_000L, 100)),
                new Measurement<>(2, 2, result(OURS, 1, 3_000, 1_000_000_000L, 100)),
                new Measurement<>(2, 1, result(PEER, 1, 1_000, 1_000_000_000L, 100)));

        PointResult ours = MarkdownReport.merged(ms).get(1).get(OURS);
        String rounds = MarkdownReport.roundsTable(ms);

        assertThat(ours.requestsPerSecond()).isEqualTo(2_000.0);
        assertThat(rounds)
                .contains("| 1 | 1 | 1000 (1) | 1000 (2) | 1.00 |")
                .contains("| 1 | 2 | 3000 (2) | 1000 (1) | 3.00 |");
    }

    @Test
    void errorsAreReportedLoudlyAndCounted() {
        PointResult failing = new PointResult(
                OURS,
                16,
                Tally.newHistogram(),
                10,
                3,
                1,
                Map.of("HTTP 503", 4L),
                1_000_000_000L,
                16,
                3,
                -1,
                -1,
                1_000_000_000L);
        List<Measurement<PointResult>> ms = List.of(
                new Measurement<>(1, 1, failing), new Measurement<>(1, 2, result(PEER, 16, 10, 1_000_000_000L, 100)));

        String errors = MarkdownReport.errors(MarkdownReport.merged(ms));

        assertThat(errors)
                .startsWith("**This run had errors** (3 in measured periods, 1 in warm-ups)")
                .contains("OpenTwin/J at 16 clients: 3 measured, 1 in warm-up: HTTP 503 ×4");
        assertThat(MarkdownReport.totalErrors(ms)).isEqualTo(4);
        assertThat(MarkdownReport.resultsTable(MarkdownReport.merged(ms))).contains("| **3** | 16 (3) |");
    }

    @Test
    void aCleanRunSaysSo() {
        List<Measurement<PointResult>> ms = List.of(new Measurement<>(1, 1, result(PEER, 1, 10, 1_000_000_000L, 100)));

        assertThat(MarkdownReport.errors(MarkdownReport.merged(ms))).startsWith("No errors");
    }
}
