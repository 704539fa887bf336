package org.opentwinj.platform.compute.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RemainingTimeTest {
    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void theTimeLeftIsTheRateSoFarAppliedToWhatIsLeft() {
        assertThat(RemainingTime.estimate(START, START.plusSeconds(10), 0.25)).isEqualTo(30_000L);
        assertThat(RemainingTime.estimate(START, START.plusSeconds(4), 0.8)).isEqualTo(1_000L);
        assertThat(RemainingTime.estimate(START, START.plusSeconds(4), 1.0)).isZero();
    }

    @Test
    void thereIsNoEstimateBeforeTheRateMeansAnything() {
        assertThat(RemainingTime.estimate(START, START.plusSeconds(10), 0.0)).isNull();
        assertThat(RemainingTime.estimate(START, START.plusMillis(50), 0.5)).isNull();
        assertThat(RemainingTime.estimate(null, START, 0.5)).isNull();
    }
}
