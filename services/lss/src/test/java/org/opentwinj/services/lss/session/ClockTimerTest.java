package org.opentwinj.services.lss.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.testing.TestClock;

/** Timed work comes due by the clock it is given, not by the time that passes. */
class ClockTimerTest {
    private final TestClock clock = new TestClock();
    private final ClockTimer timer = new ClockTimer(clock, Duration.ofMillis(5), "test-timer");

    @AfterEach
    void close() {
        timer.close();
    }

    @Test
    void aTaskRunsWhenTheClockReachesItsTime() {
        AtomicInteger runs = new AtomicInteger();
        timer.after(Duration.ofSeconds(10), runs::incrementAndGet);
        AtomicInteger probe = new AtomicInteger();
        timer.after(Duration.ZERO, probe::incrementAndGet);
        // The timer has looked at the clock (the probe ran) and the task is not due yet.
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> probe.get() == 1);
        assertThat(runs).hasValue(0);

        clock.advance(Duration.ofSeconds(10));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
    }

    @Test
    void aRepeatedTaskRunsOncePerIntervalAndACancelledOneNotAgain() {
        AtomicInteger runs = new AtomicInteger();
        ClockTimer.Task task = timer.every(Duration.ofSeconds(1), runs::incrementAndGet);
        for (int expected = 1; expected <= 3; expected++) {
            clock.advance(Duration.ofSeconds(1));
            int target = expected;
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == target);
        }
        task.cancel();
        AtomicInteger probe = new AtomicInteger();
        clock.advance(Duration.ofSeconds(1));
        timer.after(Duration.ZERO, probe::incrementAndGet);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> probe.get() == 1);
        assertThat(runs).hasValue(3);
    }
}
