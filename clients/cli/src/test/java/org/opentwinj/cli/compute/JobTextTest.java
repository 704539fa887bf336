package org.opentwinj.cli.compute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;

/** How a job looks on a terminal: the bar a terminal redraws, and how it ended. */
class JobTextTest {
    private static JobView job(JobState state, double fraction, String message, Long remainingMs) {
        return TestJobs.job(
                "j1",
                state,
                fraction,
                message,
                remainingMs,
                state == JobState.FAILED ? "disk full" : null,
                state == JobState.CANCELLED ? 4L : null,
                state == JobState.CANCELLED ? true : null);
    }

    @Test
    void theBarShowsFractionMessageAndTimeLeftAndNeverWraps() {
        JobView running = job(JobState.RUNNING, 0.5, "layer 3 of 6", 3_725_000L);

        assertThat(JobText.bar(running, 120))
                .isEqualTo("Slow work [##########----------]  50%  layer 3 of 6  1h 02m left");
        assertThat(JobText.bar(running, 30)).hasSize(30).endsWith("…");
        assertThat(JobText.bar(job(JobState.RUNNING, 1.7, null, null), 80))
                .isEqualTo("Slow work [####################] 100%");
    }

    @Test
    void theOutcomeSaysHowItEnded() {
        assertThat(JobText.outcome(job(JobState.FAILED, 0.2, null, null))).isEqualTo("job j1 FAILED: disk full");
        assertThat(JobText.outcome(job(JobState.CANCELLED, 0.2, null, null)))
                .isEqualTo("job j1 CANCELLED; partial results in model version 4");
        assertThat(JobText.duration(59_001)).isEqualTo("1m 00s");
        assertThat(JobText.duration(0)).isEqualTo("0s");
    }
}
