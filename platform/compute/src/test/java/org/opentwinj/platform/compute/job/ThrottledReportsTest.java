package org.opentwinj.platform.compute.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.testing.TestClock;

class ThrottledReportsTest {
    private final TestClock clock = new TestClock();

    /** Tasks run by hand as the test clock passes their time. */
    private final class ManualDelays implements Delays {
        record Task(Instant due, Runnable task) {}

        final List<Task> tasks = new ArrayList<>();

        @Override
        public synchronized void after(Duration delay, Runnable task) {
            tasks.add(new Task(clock.instant().plus(delay), task));
        }

        /** Moves the clock by {@code by}, running what falls due on the way. */
        void pass(Duration by) {
            Instant end = clock.instant().plus(by);
            while (true) {
                Task next;
                synchronized (this) {
                    next = tasks.stream()
                            .filter(t -> !t.due().isAfter(end))
                            .min(Comparator.comparing(Task::due))
                            .orElse(null);
                    if (next == null) {
                        break;
                    }
                    tasks.remove(next);
                }
                if (next.due().isAfter(clock.instant())) {
                    clock.advance(Duration.between(clock.instant(), next.due()));
                }
                next.task().run();
            }
            clock.advance(Duration.between(clock.instant(), end));
        }
    }

    private JobView view(String id, JobState state, double fraction) {
        return new JobView(
                id,
                "compute-test",
                "Work.Slow",
                "Slow work",
                "alice",
                state,
                fraction,
                null,
                null,
                null,
                clock.instant(),
                null,
                null,
                null,
                null);
    }

    @Test
    void aTightLoopOfProgressGoesOutAtMostFourTimesASecondAndTheFinalStateAlways() {
        ManualDelays delays = new ManualDelays();
        List<JobView> sent = new ArrayList<>();
        ThrottledReports reports = new ThrottledReports(sent::add, delays, clock);

        // 2 seconds of progress reported every millisecond.
        for (int ms = 0; ms < 2000; ms++) {
            reports.offer(view("j-1", JobState.RUNNING, ms / 2000.0));
            delays.pass(Duration.ofMillis(1));
        }
        reports.offer(view("j-1", JobState.DONE, 1));
        delays.pass(Duration.ofSeconds(1));

        // One at once, then one per 250 ms: 9 in two seconds, and the final one.
        assertThat(sent).hasSizeLessThanOrEqualTo(10);
        assertThat(sent.getLast().state()).isEqualTo(JobState.DONE);
        assertThat(sent.getFirst().fraction()).isEqualTo(0.0);
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i).fraction())
                    .isGreaterThanOrEqualTo(sent.get(i - 1).fraction());
        }
        assertThat(reports.undelivered()).isZero();
    }

    @Test
    void theFinalStateIsRetriedUntilTheModelTakesIt() {
        ManualDelays delays = new ManualDelays();
        List<JobView> sent = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger(3);
        ThrottledReports reports = new ThrottledReports(
                job -> {
                    if (failures.getAndDecrement() > 0) {
                        throw new IllegalStateException("Model unreachable");
                    }
                    sent.add(job);
                },
                delays,
                clock);

        reports.offer(view("j-2", JobState.FAILED, 0.3));
        delays.pass(Duration.ofMinutes(1));

        assertThat(sent).extracting(JobView::state).containsExactly(JobState.FAILED);
        assertThat(reports.undelivered()).isZero();
    }

    @Test
    void aLostProgressStateIsNotRetriedButTheNextOneGoesOut() {
        ManualDelays delays = new ManualDelays();
        List<JobView> sent = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger(1);
        ThrottledReports reports = new ThrottledReports(
                job -> {
                    if (failures.getAndDecrement() > 0) {
                        throw new IllegalStateException("Model unreachable");
                    }
                    sent.add(job);
                },
                delays,
                clock);

        reports.offer(view("j-3", JobState.RUNNING, 0.1));
        delays.pass(Duration.ofSeconds(1));
        reports.offer(view("j-3", JobState.RUNNING, 0.2));
        delays.pass(Duration.ofSeconds(1));

        assertThat(sent).extracting(JobView::fraction).containsExactly(0.2);
    }
}
