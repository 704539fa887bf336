package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LevelResultTest {
    private static final long S = 1_000_000_000L;

    @Test
    void throughputIsClientsTimesSuccessesOverTheSummedCycleTime() {
        List<LevelResult.Cycle> cycles = List.of(
                new LevelResult.Cycle(Samples.ok(StartSample.Kind.SESSION, 5_000, 0), 10 * S, 16 * S),
                new LevelResult.Cycle(Samples.ok(StartSample.Kind.SESSION, 7_000, 0), 12 * S, 20 * S),
                new LevelResult.Cycle(
                        StartSample.failed(
                                StartSample.Kind.SESSION,
                                "session FAILED: echo-2 exited with code 1 (INTERNAL_ERROR) before it was ready",
                                0,
                                2),
                        16 * S,
                        26 * S),
                new LevelResult.Cycle(Samples.ok(StartSample.Kind.SESSION, 6_000, 0), 20 * S, 26 * S));

        LevelResult r = LevelResult.of(StartSample.Kind.SESSION, 2, 1, cycles, 30 * S, 97.5, 1_000_000, 3 * S);

        assertThat(r.started()).isEqualTo(4);
        assertThat(r.completed()).isEqualTo(3);
        assertThat(r.cycleNanos()).isEqualTo(30 * S);
        assertThat(r.perMinute())
                .as("2 clients × 3 successes over 30 s of cycles")
                .isEqualTo(12.0);
        assertThat(r.latency().p50()).isEqualTo(6_000.0);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.failures())
                .containsKey("session FAILED: echo-2 exited with code 1 (INTERNAL_ERROR) before it was ready");
        assertThat(r.refused()).isEqualTo(2);
        assertThat(r.cutOff()).isZero();
        assertThat(r.platformCpuMillisPerStart())
                .as("3 s of CPU over the 6 starts that rate makes in 30 s")
                .isEqualTo(500.0);
        assertThat(r.phases()).containsEntry(Phase.REQUEST, 10_000_000.0);
    }

    @Test
    void startsCutOffAtTheLevelTimeoutAreNeitherSuccessesNorFailures() {
        List<LevelResult.Cycle> cycles = List.of(new LevelResult.Cycle(
                StartSample.failed(StartSample.Kind.DIRECT, SessionCycle.CUT_OFF, 0, 0), 12 * S, 300 * S));

        LevelResult r = LevelResult.of(StartSample.Kind.DIRECT, 1, 2, cycles, 30 * S, Double.NaN, 0, -1);

        assertThat(r.started()).isEqualTo(1);
        assertThat(r.cutOff()).isEqualTo(1);
        assertThat(r.failed()).isZero();
        assertThat(r.perMinute()).isZero();
        assertThat(r.platformCpuMillisPerStart()).isNaN();
    }

    @Test
    void eachClientMeasuresEnoughCyclesForTheLevelToReachTheSampleCount() {
        assertThat(Saturation.measuredCycles(1, 6)).isEqualTo(6);
        assertThat(Saturation.measuredCycles(4, 6)).isEqualTo(2);
        assertThat(Saturation.measuredCycles(8, 6)).isEqualTo(1);
    }

    @Test
    void failureKindsLeaveOutIdsAndUrls() {
        assertThat(
                        LevelResult.shortKind(
                                "Session.Events: HTTP 404: unknown session '0f8fad5b-d9cb-469f-a165-70867728950e' at https://127.0.0.1:4000"))
                .isEqualTo("Session.Events: HTTP 404: unknown session '<id>' at <url>");
        assertThat(LevelResult.shortKind("x".repeat(300))).hasSize(161);
    }

    @Test
    void theLastGrowingLevelIsTheOneAfterWhichThroughputStopsGrowing() {
        assertThat(LevelResult.lastGrowingLevel(List.of(10.0, 15.0, 16.0, 14.0), 0.10))
                .isEqualTo(1);
        assertThat(LevelResult.lastGrowingLevel(List.of(10.0, 10.5), 0.10)).isZero();
        assertThat(LevelResult.lastGrowingLevel(List.of(10.0, 12.0, 20.0), 0.10))
                .isEqualTo(-1);
        assertThat(LevelResult.lastGrowingLevel(List.of(10.0), 0.10)).isEqualTo(-1);
        assertThat(LevelResult.lastGrowingLevel(List.of(10.0, 20.0, 8.0, 30.0), 0.10))
                .as("the first stall counts")
                .isEqualTo(1);
    }
}
