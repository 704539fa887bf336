package org.opentwinj.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private final List<String> paths = List.of("direct", "relay", "chp");

    @Test
    void theOrderReversesByLevelAndByRoundSoTheProxiesSwapPlaces() {
        assertThat(Schedule.order(0, 0, paths)).containsExactly("direct", "relay", "chp");
        assertThat(Schedule.order(0, 1, paths)).containsExactly("chp", "relay", "direct");
        assertThat(Schedule.order(1, 0, paths)).containsExactly("chp", "relay", "direct");
        assertThat(Schedule.order(1, 1, paths)).containsExactly("direct", "relay", "chp");
        assertThat(Schedule.PATHS).isEqualTo(paths.size());
    }
}
