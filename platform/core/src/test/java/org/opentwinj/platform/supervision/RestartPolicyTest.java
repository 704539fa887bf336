package org.opentwinj.platform.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Kubernetes' restart back-off: 10 s doubling to 5 min, reset after 10 min of running. */
class RestartPolicyTest {
    private final RestartPolicy kubernetes =
            new RestartPolicy(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10), 8);
    private final Instant start = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void delaysDoubleUpToTheCap() {
        Instant crash = start.plusSeconds(5);
        assertThat(kubernetes.next(0, start, crash).orElseThrow())
                .isEqualTo(new RestartPolicy.Restart(1, Duration.ofSeconds(10)));
        assertThat(kubernetes.next(1, start, crash).orElseThrow().delay()).isEqualTo(Duration.ofSeconds(20));
        assertThat(kubernetes.next(2, start, crash).orElseThrow().delay()).isEqualTo(Duration.ofSeconds(40));
        assertThat(kubernetes.next(4, start, crash).orElseThrow().delay()).isEqualTo(Duration.ofSeconds(160));
        assertThat(kubernetes.next(5, start, crash).orElseThrow().delay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(kubernetes.next(7, start, crash).orElseThrow())
                .isEqualTo(new RestartPolicy.Restart(8, Duration.ofMinutes(5)));
    }

    @Test
    void givesUpAfterTheLimit() {
        assertThat(kubernetes.next(8, start, start.plusSeconds(1))).isEmpty();
        assertThat(new RestartPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO.plusSeconds(1), 0)
                        .next(0, start, start))
                .isEmpty();
    }

    @Test
    void runningLongEnoughForgivesEarlierRestarts() {
        assertThat(kubernetes.next(8, start, start.plus(Duration.ofMinutes(10))))
                .contains(new RestartPolicy.Restart(1, Duration.ofSeconds(10)));
        assertThat(kubernetes.next(3, start, start.plus(Duration.ofMinutes(9))))
                .contains(new RestartPolicy.Restart(4, Duration.ofSeconds(80)));
    }
}
