package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void twoTargetsAlternateWhichGoesFirstByLevelAndByRound() {
        List<String> targets = List.of("ours", "nginx");

        assertThat(Schedule.order(0, 0, targets)).containsExactly("ours", "nginx");
        assertThat(Schedule.order(0, 1, targets)).containsExactly("nginx", "ours");
        assertThat(Schedule.order(0, 2, targets)).containsExactly("ours", "nginx");
        assertThat(Schedule.order(1, 0, targets)).containsExactly("nginx", "ours");
        assertThat(Schedule.order(1, 1, targets)).containsExactly("ours", "nginx");
    }

    @Test
    void withThreePathsTheOrderReversesSoTheOuterTwoSwapPlaces() {
        List<String> paths = List.of("direct", "relay", "chp");

        assertThat(Schedule.order(0, 0, paths)).containsExactly("direct", "relay", "chp");
        assertThat(Schedule.order(0, 1, paths)).containsExactly("chp", "relay", "direct");
        assertThat(Schedule.order(1, 0, paths)).containsExactly("chp", "relay", "direct");
        assertThat(Schedule.order(1, 1, paths)).containsExactly("direct", "relay", "chp");
    }
}
