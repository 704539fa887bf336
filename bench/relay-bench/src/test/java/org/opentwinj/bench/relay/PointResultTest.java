package org.opentwinj.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.opentwinj.bench.support.Tally;

class PointResultTest {
    /** A clean point: {@code ok} messages in {@code elapsedNanos}, 10 s measured, 2 s proxy CPU, 1 s echo CPU, 3 s client CPU. */
    static PointResult result(String target, int clients, long ok, long elapsedNanos, long... latenciesMicros) {
        return new PointResult(
                target,
                clients,
                histogram(latenciesMicros),
                ok,
                0,
                0,
                Map.of(),
                elapsedNanos,
                clients,
                0,
                target.equals(Target.DIRECT) ? -1 : clients,
                target.equals(Target.DIRECT) ? -1 : 0,
                0,
                target.equals(Target.DIRECT) ? -1 : 2_000_000_000L,
                1_000_000_000L,
                3_000_000_000L,
                10_000_000_000L);
    }

    static Histogram histogram(long... values) {
        Histogram h = Tally.newHistogram();
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void throughputIsSuccessfulMessagesOverElapsedTime() {
        assertThat(result(Target.CHP, 1, 5_000, 2_000_000_000L, 100).messagesPerSecond())
                .isEqualTo(2_500.0);
    }

    @Test
    void percentilesComeFromTheHistogramInMilliseconds() {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (i + 1) * 100L; // 0.1 ms .. 10 ms
        }
        PointResult r = result(Target.CHP, 1, 100, 1_000_000_000L, latencies);

        assertThat(r.p50Millis()).isCloseTo(5.0, within(0.01));
        assertThat(r.p99Millis()).isCloseTo(9.9, within(0.01));
    }

    @Test
    void cpuFiguresArePerMessageAndPerCore() {
        PointResult relay = result(Target.RELAY, 1, 4_000, 1_000_000_000L, 100);
        PointResult direct = result(Target.DIRECT, 1, 4_000, 1_000_000_000L, 100);

        assertThat(relay.proxyCpuMicrosPerMessage()).isEqualTo(500.0); // 2 s over 4000 messages
        assertThat(relay.echoCpuMicrosPerMessage()).isEqualTo(250.0);
        assertThat(relay.serverCpuMicrosPerMessage()).isEqualTo(750.0);
        assertThat(relay.percentOfCore(relay.proxyCpuNanos())).isEqualTo(20.0); // 2 s in 10 s
        assertThat(relay.percentOfCore(relay.clientCpuNanos())).isEqualTo(30.0);
        assertThat(direct.proxyCpuMicrosPerMessage()).isNaN();
        assertThat(direct.serverCpuMicrosPerMessage())
                .as("the echo service alone")
                .isEqualTo(250.0);
    }

    @Test
    void anEmptyPointHasNoPercentilesRatherThanZero() {
        PointResult r = result(Target.CHP, 1, 0, 0);

        assertThat(r.messagesPerSecond()).isZero();
        assertThat(r.p50Millis()).isNaN();
        assertThat(r.proxyCpuMicrosPerMessage()).isNaN();
    }

    @Test
    void mergingRoundsSumsCountsAndTimesAndPoolsLatencies() {
        PointResult a = new PointResult(
                Target.RELAY,
                64,
                histogram(100, 100),
                1_000,
                1,
                2,
                Map.of("no reply", 3L),
                1_000_000_000L,
                64,
                0,
                40,
                1,
                0,
                5,
                5,
                7,
                10);
        PointResult b = new PointResult(
                Target.RELAY,
                64,
                histogram(300, 300),
                3_000,
                0,
                0,
                Map.of("no reply", 1L, "x", 1L),
                1_000_000_000L,
                63,
                2,
                38,
                0,
                1,
                5,
                -1,
                7,
                10);

        PointResult m = PointResult.merge(List.of(a, b));

        assertThat(m.ok()).isEqualTo(4_000);
        assertThat(m.errors()).isEqualTo(1);
        assertThat(m.warmupErrors()).isEqualTo(2);
        assertThat(m.messagesPerSecond()).isEqualTo(2_000.0);
        assertThat(m.latencyMicros().getTotalCount()).isEqualTo(4);
        assertThat(m.errorKinds()).containsEntry("no reply", 4L).containsEntry("x", 1L);
        assertThat(m.connections()).isEqualTo(64);
        assertThat(m.opened()).isEqualTo(2);
        assertThat(m.upstreamConnections()).isEqualTo(40);
        assertThat(m.upstreamOpened()).isEqualTo(1);
        assertThat(m.reopened()).isEqualTo(1);
        assertThat(m.proxyCpuNanos()).isEqualTo(10);
        assertThat(m.echoCpuNanos()).as("unknown in one round means unknown").isEqualTo(-1);
        assertThat(m.clientCpuNanos()).isEqualTo(14);
        assertThat(m.measuredNanos()).isEqualTo(20);
    }

    @Test
    void mergingDifferentPointsIsRefused() {
        assertThatThrownBy(() -> PointResult.merge(List.of(result(Target.CHP, 1, 1, 1), result(Target.RELAY, 1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PointResult.merge(List.of(result(Target.CHP, 1, 1, 1), result(Target.CHP, 64, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
