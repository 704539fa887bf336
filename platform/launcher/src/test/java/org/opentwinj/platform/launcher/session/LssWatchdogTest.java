package org.opentwinj.platform.launcher.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.testing.TestClock;

class LssWatchdogTest {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final TestClock clock = new TestClock();
    /** The fake LSS: whether it answers now. */
    private final AtomicBoolean lssAnswers = new AtomicBoolean(true);

    private final AtomicInteger stops = new AtomicInteger();
    private final LssWatchdog watchdog =
            new LssWatchdog(URI.create("https://lss:8093"), lssAnswers::get, GRACE, clock, stops::incrementAndGet);

    private void checkEverySecondFor(Duration duration) {
        for (long i = 0; i < duration.toSeconds(); i++) {
            clock.advance(Duration.ofSeconds(1));
            watchdog.check();
        }
    }

    @Test
    void anLssThatAnswersKeepsTheServiceRunning() {
        checkEverySecondFor(Duration.ofMinutes(5));
        assertThat(stops).hasValue(0);
        assertThat(watchdog.expired()).isFalse();
    }

    @Test
    void anLssSilentForTheGracePeriodStopsTheServiceOnce() {
        lssAnswers.set(false);
        checkEverySecondFor(GRACE.minusSeconds(1));
        assertThat(stops).hasValue(0);

        checkEverySecondFor(Duration.ofSeconds(1));
        assertThat(stops).hasValue(1);
        assertThat(watchdog.expired()).isTrue();

        // Stopping takes a moment: further checks do not stop it again, even if the LSS answers now.
        lssAnswers.set(true);
        checkEverySecondFor(Duration.ofSeconds(30));
        assertThat(stops).hasValue(1);
    }

    @Test
    void anLssThatComesBackWithinTheGracePeriodCountsAsContactAndTheCountStartsAgain() {
        lssAnswers.set(false);
        checkEverySecondFor(Duration.ofSeconds(8));
        // The restarted LSS answers (and adopts the service).
        lssAnswers.set(true);
        checkEverySecondFor(Duration.ofSeconds(1));
        lssAnswers.set(false);
        checkEverySecondFor(GRACE.minusSeconds(1));
        assertThat(stops).hasValue(0);
        checkEverySecondFor(Duration.ofSeconds(1));
        assertThat(stops).hasValue(1);
    }

    @Test
    void aCallFromTheLssCountsAsContact() {
        lssAnswers.set(false);
        checkEverySecondFor(Duration.ofSeconds(9));
        watchdog.contact();
        checkEverySecondFor(GRACE.minusSeconds(1));
        assertThat(stops).hasValue(0);
    }

    @Test
    void itChecksOftenEnoughToStopSoonAfterTheGracePeriod() {
        assertThat(watchdog.checkInterval()).isEqualTo(Duration.ofSeconds(1));
        LssWatchdog longGrace =
                new LssWatchdog(URI.create("https://lss:8093"), () -> true, Duration.ofMinutes(1), clock, () -> {});
        assertThat(longGrace.checkInterval()).isEqualTo(Duration.ofSeconds(2));
    }
}
