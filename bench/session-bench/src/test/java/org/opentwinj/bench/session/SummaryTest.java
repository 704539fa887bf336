package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void percentilesAreInMillisecondsAndP99OfThirtyIsTheLargest() {
        List<Long> nanos = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            nanos.add(i * 100_000_000L); // 100 ms .. 3000 ms
        }

        Summary s = Summary.ofNanos(nanos);

        assertThat(s.count()).isEqualTo(30);
        assertThat(s.p50()).as("the 15th of 30").isEqualTo(1500.0);
        assertThat(s.p99()).isEqualTo(3000.0);
        assertThat(s.max()).isEqualTo(3000.0);
        assertThat(s.min()).isEqualTo(100.0);
        assertThat(s.percentile(90)).isEqualTo(2700.0);
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerMiddleLikeP50() {
        assertThat(Summary.median(List.of(4, 1, 3, 2))).isEqualTo(2.0);
        assertThat(Summary.median(List.of(5L, 1L, 3L))).isEqualTo(3.0);
        assertThat(Summary.median(List.of())).isNaN();
        assertThat(Summary.ofNanos(List.of(2_000_000L, 1_000_000L)).p50()).isEqualTo(1.0);
    }

    @Test
    void anEmptySummaryHasNoFiguresRatherThanZeros() {
        assertThat(Summary.empty().p50()).isNaN();
        assertThat(Summary.empty().max()).isNaN();
    }
}
