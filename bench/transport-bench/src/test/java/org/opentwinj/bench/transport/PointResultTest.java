package org.opentwinj.bench.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.opentwinj.bench.support.Tally;

class PointResultTest {
    static PointResult result(String target, int clients, long ok, long elapsedNanos, long... latenciesMicros) {
        Histogram h = Tally.newHistogram();
        for (long l : latenciesMicros) {
            h.recordValue(l);
        }
        return new PointResult(
                target,
                clients,
                h,
                ok,
                0,
                0,
                Map.of(),
                elapsedNanos,
                clients,
                0,
                2_000_000_000L,
                1_000_000_000L,
                10_000_000_000L);
    }

    @Test
    void throughputIsSuccessfulRequestsOverElapsedTime() {
        PointResult r = result("nginx", 1, 5_000, 2_000_000_000L, 100);

        assertThat(r.requestsPerSecond()).isEqualTo(2_500.0);
    }

    @Test
    void percentilesComeFromTheHistogramInMilliseconds() {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (i + 1) * 100L; // 0.1 ms .. 10 ms
        }
        PointResult r = result("nginx", 1, 100, 1_000_000_000L, latencies);

        assertThat(r.p50Millis()).isCloseTo(5.0, within(0.01));
        assertThat(r.p99Millis()).isCloseTo(9.9, within(0.01));
        assertThat(r.maxMillis()).isCloseTo(10.0, within(0.01));
    }

    @Test
    void cpuFiguresArePerRequestAndPerCore() {
        PointResult r = result("nginx", 1, 4_000, 1_000_000_000L, 100);

        assertThat(r.serverCpuMicrosPerRequest()).isEqualTo(500.0); // 2 s of CPU over 4000 requests
        assertThat(r.serverCpuPercent()).isEqualTo(20.0); // 2 s of CPU in 10 s
        assertThat(r.clientCpuPercent()).isEqualTo(10.0);
    }

    @Test
    void anEmptyPointHasNoPercentilesRatherThanZero() {
        PointResult r = result("nginx", 1, 0, 0);

        assertThat(r.requestsPerSecond()).isZero();
        assertThat(r.p50Millis()).isNaN();
        assertThat(r.serverCpuMicrosPerRequest()).isNaN();
    }

    @Test
    void mergingRoundsSumsCountsAndTimesAndPoolsLatencies() {
        PointResult a = new PointResult(
                "nginx", 16, histogram(100, 100), 1_000, 1, 2, Map.of("HTTP 503", 3L), 1_000_000_000L, 16, 0, 5, 7, 10);
        PointResult b = new PointResult(
                "nginx",
                16,
                histogram(300, 300),
                3_000,
                0,
                0,
                Map.of("HTTP 503", 1L, "x", 1L),
                1_000_000_000L,
                15,
                2,
                -1,
                7,
                10);

        PointResult m = PointResult.merge(List.of(a, b));

        assertThat(m.ok()).isEqualTo(4_000);
        assertThat(m.errors()).isEqualTo(1);
        assertThat(m.warmupErrors()).isEqualTo(2);
        assertThat(m.requestsPerSecond()).isEqualTo(2_000.0);
        assertThat(m.latencyMicros().getTotalCount()).isEqualTo(4);
        assertThat(m.errorKinds()).containsEntry("HTTP 503", 4L).containsEntry("x", 1L);
        assertThat(m.connections()).isEqualTo(16);
        assertThat(m.opened()).isEqualTo(2);
        assertThat(m.serverCpuNanos()).as("unknown in one round means unknown").isEqualTo(-1);
        assertThat(m.clientCpuNanos()).isEqualTo(14);
        assertThat(m.measuredNanos()).isEqualTo(20);
    }

    @Test
    void mergingDifferentPointsIsRefused() {
        assertThatThrownBy(() -> PointResult.merge(List.of(result("nginx", 1, 1, 1), result("OpenTwin/J", 1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Histogram histogram(long... values) {
        Histogram h = Tally.newHistogram();
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }
}
