package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TallyTest {
    private static final long MS = 1_000_000L;
    /** The measured period starts 1 s into the point. */
    private static final long FROM = 1_000 * MS;

    @Test
    void onlyExchangesThatBeganInTheMeasuredPeriodCount() {
        Tally t = new Tally(FROM);
        t.success(FROM - 5 * MS, FROM + MS); // began in the warm-up
        t.success(FROM, FROM + 2 * MS);
        t.success(FROM + 10 * MS, FROM + 14 * MS);
        t.failure("HTTP 503", FROM - MS, FROM);
        t.failure("HTTP 503", FROM + 20 * MS, FROM + 21 * MS);

        assertThat(t.ok()).isEqualTo(2);
        assertThat(t.latencyMicros().getTotalCount()).isEqualTo(2);
        assertThat(Tally.percentileMillis(t.latencyMicros(), 50)).isCloseTo(2.0, within(0.01));
        assertThat(t.errors()).isEqualTo(1);
        assertThat(t.warmupErrors()).isEqualTo(1);
        assertThat(t.errorKinds()).containsEntry("HTTP 503", 2L);
        assertThat(t.elapsedNanos()).isEqualTo(21 * MS);
    }

    @Test
    void latenciesAreClampedToTheHistogramsRange() {
        Tally t = new Tally(0);
        t.success(0, 100); // 0.1 µs: recorded as 1 µs
        t.success(0, 200_000_000_000L); // 200 s: recorded as the maximum

        assertThat(t.latencyMicros().getMinValue()).isEqualTo(1);
        assertThat(t.latencyMicros().getMaxValue()).isCloseTo(Tally.MAX_MICROS, within(Tally.MAX_MICROS / 500));
    }

    @Test
    void failureKindsAreCappedAndTheRestCountedAsOther() {
        Tally t = new Tally(0);
        for (int i = 0; i < Tally.MAX_ERROR_KINDS + 5; i++) {
            t.failure("kind " + i, 1, 2);
        }
        t.failure("kind 0", 1, 2);

        assertThat(t.errorKinds())
                .hasSize(Tally.MAX_ERROR_KINDS + 1)
                .containsEntry("other", 5L)
                .containsEntry("kind 0", 2L);
    }

    @Test
    void theClientsTalliesAddUp() {
        Tally a = new Tally(FROM);
        a.success(FROM, FROM + MS);
        a.failure("timeout", FROM, FROM + 30 * MS);
        Tally b = new Tally(FROM);
        b.success(FROM, FROM + 3 * MS);
        b.failure("timeout", FROM - MS, FROM);

        Tally total = Tally.sum(FROM, List.of(a, b));

        assertThat(total.ok()).isEqualTo(2);
        assertThat(total.latencyMicros().getTotalCount()).isEqualTo(2);
        assertThat(total.errors()).isEqualTo(1);
        assertThat(total.warmupErrors()).isEqualTo(1);
        assertThat(total.errorKinds()).containsEntry("timeout", 2L);
        assertThat(total.elapsedNanos()).isEqualTo(30 * MS);
        assertThat(Tally.sum(FROM, List.of()).elapsedNanos()).isZero();
    }

    @Test
    void ratesAndPercentilesOfNothingAreNotZeroLatencies() {
        assertThat(Tally.perSecond(5_000, 2_000 * MS)).isEqualTo(2_500.0);
        assertThat(Tally.perSecond(5, 0)).isZero();
        assertThat(Tally.percentileMillis(Tally.newHistogram(), 50)).isNaN();
    }

    @Test
    void unknownCpuTimeStaysUnknown() {
        assertThat(CpuTime.between(2 * MS, 5 * MS)).isEqualTo(3 * MS);
        assertThat(CpuTime.between(-1, 5 * MS)).isEqualTo(-1);
        assertThat(CpuTime.sum(3, 4)).isEqualTo(7);
        assertThat(CpuTime.sum(-1, 4)).isEqualTo(-1);
        assertThat(CpuTime.sum(3, -1)).isEqualTo(-1);
        assertThat(CpuTime.microsPer(2_000_000_000L, 4_000)).isEqualTo(500.0);
        assertThat(CpuTime.microsPer(-1, 4_000)).isNaN();
        assertThat(CpuTime.microsPer(5, 0)).isNaN();
        assertThat(CpuTime.percentOfCore(2_000_000_000L, 10_000_000_000L)).isEqualTo(20.0);
        assertThat(CpuTime.percentOfCore(5, 0)).isNaN();
    }

    @Test
    void finishedClientsAreCollectedAndAFailedOneFailsThePoint() throws InterruptedException {
        Duration guard = Duration.ofSeconds(5);

        assertThat(Tally.finished(
                        List.of(CompletableFuture.completedFuture("a"), CompletableFuture.completedFuture("b")),
                        guard,
                        "nginx"))
                .containsExactly("a", "b");
        assertThatThrownBy(() -> Tally.finished(
                        List.of(CompletableFuture.failedFuture(new IOException("reset"))), guard, "nginx"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a client of nginx failed")
                .hasMessageContaining("reset");
    }
}
