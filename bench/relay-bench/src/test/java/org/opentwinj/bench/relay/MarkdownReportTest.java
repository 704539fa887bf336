package org.opentwinj.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.opentwinj.bench.relay.PointResultTest.histogram;
import static org.opentwinj.bench.relay.PointResultTest.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.bench.support.Measurement;

class MarkdownReportTest {
    private static final String DIRECT = Target.DIRECT;
    private static final String OURS = Target.RELAY;
    private static final String PEER = Target.CHP;

    @Test
    void addedLatencyIsThePathsPercentileMinusTheDirectOne() {
        PointResult direct = result(DIRECT, 1, 10, 1_000_000_000L, 100, 200);
        PointResult relay = result(OURS, 1, 10, 1_000_000_000L, 400, 900);

        assertThat(MarkdownReport.added(relay, direct, PointResult::p50Millis)).isCloseTo(0.3, within(0.001));
        assertThat(MarkdownReport.added(relay, direct, PointResult::p99Millis)).isCloseTo(0.7, within(0.001));
        assertThat(MarkdownReport.added(direct, direct, PointResult::p50Millis)).isNaN();
        assertThat(MarkdownReport.added(relay, null, PointResult::p50Millis)).isNaN();
    }

    private static List<Measurement<PointResult>> oneLevel() {
        return List.of(
                new Measurement<>(1, 1, result(DIRECT, 1, 10_000, 1_000_000_000L, 100)),
                new Measurement<>(1, 2, result(OURS, 1, 2_000, 1_000_000_000L, 500)),
                new Measurement<>(1, 3, result(PEER, 1, 5_000, 1_000_000_000L, 200)));
    }

    @Test
    void theTableHasOneRowPerLevelAndPathInReportOrderWithWhatEachAdds() {
        List<Measurement<PointResult>> ms = new java.util.ArrayList<>(oneLevel());
        ms.add(new Measurement<>(1, 1, result(PEER, 64, 8_000, 1_000_000_000L, 1_000)));
        ms.add(new Measurement<>(1, 3, result(DIRECT, 64, 16_000, 1_000_000_000L, 800)));

        List<String> rows =
                MarkdownReport.resultsTable(MarkdownReport.merged(ms)).lines().toList();

        assertThat(rows).hasSize(7);
        assertThat(rows.get(0))
                .startsWith("| clients | path | messages | msg/s | p50 ms | p99 ms | added p50 ms | added p99 ms |");
        assertThat(rows.get(2))
                .startsWith("| 1 | direct | 10000 | 10000 | 0.100 | 0.100 | — | — | 0 | 1 (0) | — | 0 | — | 100.0 |");
        assertThat(rows.get(3))
                .startsWith(
                        "| 1 | OpenTwin/J relay | 2000 | 2000 | 0.500 | 0.500 | 0.400 | 0.400 | 0 | 1 (0) | 1 (0) | 0 | 1000.0 | 500.0 | 20 | 10 | 30 |");
        assertThat(rows.get(4)).startsWith("| 1 | CHP | 5000 | 5000 | 0.200 | 0.200 | 0.100 | 0.100 |");
        assertThat(rows.get(5)).startsWith("| 64 | direct |");
        assertThat(rows.get(6)).startsWith("| 64 | CHP | 8000 | 8000 | 1.000 | 1.000 | 0.200 | 0.200 |");
    }

    @Test
    void theRatiosAreRelayOverChpOfThroughputAddedLatencyAndCpu() {
        List<String> rows = MarkdownReport.ratiosTable(MarkdownReport.merged(oneLevel()))
                .lines()
                .toList();

        // msg/s 2000/5000; added 0.4/0.1 at p50 and p99; proxy CPU 1000/400 µs; proxy+echo 1500/600 µs.
        assertThat(rows.get(4)).isEqualTo("| 1 | 0.40 | 4.00 | 4.00 | 2.50 | 2.50 |");
    }

    @Test
    void theExtraHopIsTheBridgeOverTheRelayAloneWithTheHopsOwnLatency() {
        List<Measurement<PointResult>> ms = new ArrayList<>(oneLevel());
        ms.add(new Measurement<>(1, 4, result(Target.BRIDGE, 1, 1_500, 1_000_000_000L, 650)));

        List<String> rows =
                MarkdownReport.bridgeTable(MarkdownReport.merged(ms)).lines().toList();

        assertThat(rows.get(2)).isEqualTo("| clients | msg/s | p50 | p99 | hop p50 ms | hop p99 ms |");
        // msg/s 1500/2000; latency 0.65/0.5 ms at p50 and p99; the hop 0.15 ms.
        assertThat(rows.get(4)).isEqualTo("| 1 | 0.75 | 1.30 | 1.30 | 0.150 | 0.150 |");
        // Without the bridge's path (an older run's measurements) the table has no rows.
        assertThat(MarkdownReport.bridgeTable(MarkdownReport.merged(oneLevel())).lines())
                .hasSize(4);
        assertThat(MarkdownReport.roundsTable(ms))
                .contains("| 1 | 1 | 10000 (1) | 2000 (2) | 1500 (4) | 5000 (3) | 0.40 |");
    }

    @Test
    void roundsAreMergedBeforeRatiosAreTakenAndEachRoundIsShownWithItsOrder() {
        List<Measurement<PointResult>> ms = List.of(
                new Measurement<>(1, 1, result(DIRECT, 1, 4_000, 1_000_000_000L, 100)),
                new Measurement<>(1, 2, result(OURS, 1, 1_000, 1_000_000_000L, 100)),
                new Measurement<>(1, 3, result(PEER, 1, 2_000, 1_000_000_000L, 100)),
                new Measurement<>(2, 3, result(DIRECT, 1, 4_000, 1_000_000_000L, 100)),
                new Measurement<>(2, 2, result(OURS, 1, 3_000, 1_000_000_000L, 100)),
                new Measurement<>(2, 1, result(PEER, 1, 2_000, 1_000_000_000L, 100)));

        PointResult ours = MarkdownReport.merged(ms).get(1).get(OURS);
        String rounds = MarkdownReport.roundsTable(ms);

        assertThat(ours.messagesPerSecond()).isEqualTo(2_000.0);
        assertThat(rounds)
                .contains("| 1 | 1 | 4000 (1) | 1000 (2) | n/a | 2000 (3) | 0.50 |")
                .contains("| 1 | 2 | 4000 (3) | 3000 (2) | n/a | 2000 (1) | 1.50 |");
    }

    @Test
    void errorsAreReportedLoudlyAndCounted() {
        PointResult failing = new PointResult(
                OURS,
                64,
                histogram(100),
                10,
                3,
                1,
                Map.of("no reply within 10000 ms", 4L),
                1_000_000_000L,
                64,
                3,
                64,
                0,
                2,
                -1,
                -1,
                -1,
                1_000_000_000L);
        List<Measurement<PointResult>> ms = List.of(
                new Measurement<>(1, 1, failing), new Measurement<>(1, 2, result(PEER, 64, 10, 1_000_000_000L, 100)));

        String errors = MarkdownReport.errors(MarkdownReport.merged(ms));

        assertThat(errors)
                .startsWith("**This run had errors** (3 in measured periods, 1 in warm-ups, 2 websockets opened again)")
                .contains("OpenTwin/J relay at 64 clients: 3 measured, 1 in warm-up: no reply within 10000 ms ×4");
        assertThat(MarkdownReport.totalErrors(ms)).isEqualTo(4);
        assertThat(MarkdownReport.resultsTable(MarkdownReport.merged(ms)))
                .contains("| **3** | 64 (3) | 64 (0) | **2** |");
    }

    @Test
    void aCleanRunSaysSo() {
        assertThat(MarkdownReport.errors(MarkdownReport.merged(oneLevel()))).startsWith("No errors");
    }

    @Test
    void theReportQuotesTheCommandAndTheRunPlan() {
        BenchOptions options =
                BenchOptions.parse(List.of("--prewarm", "5s", "--warmup", "1s", "--measure", "3s", "--rounds", "1"));

        String md = MarkdownReport.render(new MarkdownReport.Input(
                "bench/relay-bench/run.sh --rounds 1",
                options,
                List.of("CPU: test"),
                List.of("Echo service: test"),
                oneLevel()));

        assertThat(md)
                .startsWith("Command:\n\n```\nbench/relay-bench/run.sh --rounds 1\n```\n")
                .contains("Pre-warm: 5 s per path at 64 clients")
                .contains("Per point: 1 s warm-up, then 3 s measured; 1 round,")
                .contains("- CPU: test")
                .contains("- Echo service: test")
                .contains("OpenTwin/J relay ÷ configurable-http-proxy")
                .doesNotContain("Per round")
                .endsWith("no websocket had to be opened again.\n");
    }
}
