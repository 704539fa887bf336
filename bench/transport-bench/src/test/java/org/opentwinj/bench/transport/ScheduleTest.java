package org.opentwinj.bench.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void theFirstTargetAlternatesByLevelAndByRound() {
        assertThat(Schedule.order(0, 0, "ours", "nginx")).containsExactly("ours", "nginx");
        assertThat(Schedule.order(0, 1, "ours", "nginx")).containsExactly("nginx", "ours");
        assertThat(Schedule.order(0, 2, "ours", "nginx")).containsExactly("ours", "nginx");
        assertThat(Schedule.order(1, 0, "ours", "nginx")).containsExactly("nginx", "ours");
        assertThat(Schedule.order(1, 1, "ours", "nginx")).containsExactly("ours", "nginx");
    }
}
