package org.opentwinj.cli.compute;

import java.time.Instant;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;

/** The jobs the CLI's tests show and follow: compute's Work.Slow ("Slow work") run by alice. */
public final class TestJobs {
    private static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");

    private TestJobs() {}

    /**
     * The job as the board shows it in that state: started a second after it was created
     * unless QUEUED, ended nine seconds after if it ended.
     */
    public static JobView job(
            String id,
            JobState state,
            double fraction,
            String message,
            Long remainingMs,
            String reason,
            Long version,
            Boolean partial) {
        return new JobView(
                id,
                "compute",
                "Work.Slow",
                "Slow work",
                "alice",
                state,
                fraction,
                message,
                remainingMs,
                reason,
                CREATED,
                state == JobState.QUEUED ? null : CREATED.plusSeconds(1),
                state.isEnded() ? CREATED.plusSeconds(9) : null,
                version,
                partial);
    }
}
