package org.opentwinj.services.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentwinj.services.model.SessionFixture.COMPUTE;
import static org.opentwinj.services.model.SessionFixture.SESSION;
import static org.opentwinj.services.model.SessionFixture.job;
import static org.opentwinj.services.model.SessionFixture.ok;
import static org.opentwinj.services.model.SessionFixture.refused;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.session.JobEvent;
import org.opentwinj.platform.session.JobState;

/**
 * The job board's actions as the session's services, its users and the LSS call them; a
 * cancel is passed on to a scripted compute service over HTTPS.
 */
class JobActionsTest {
    private static final String COMPUTE_CN = "CN=" + COMPUTE + "." + SESSION;

    @TempDir
    static Path exports;

    private final SessionFixture session = new SessionFixture(exports);

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void onlyTheSessionsOwnServicesReportAndEachOnlyItsOwnJobs() {
        JsonNode accepted = ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.RUNNING, 0.25)));
        assertThat(accepted.path("state").asText()).isEqualTo("RUNNING");
        assertThat(accepted.path("fraction").asDouble()).isEqualTo(0.25);
        assertThat(session.announced)
                .singleElement()
                .isInstanceOfSatisfying(
                        JobEvent.class, event -> assertThat(event.job().id()).isEqualTo("j1"));

        assertThat(refused(session.report(COMPUTE_CN, job("j2", "mesh", JobState.RUNNING, 0)), 403))
                .isEqualTo("service compute-test may report only its own jobs, not mesh's");
        assertThat(refused(session.report("CN=" + COMPUTE + ".s-2", job("j3", COMPUTE, JobState.RUNNING, 0)), 403))
                .isEqualTo("only the session's own services report jobs");
        assertThat(refused(session.report("CN=lss", job("j4", COMPUTE, JobState.RUNNING, 0)), 403))
                .isEqualTo("only the session's own services report jobs");
        // A user through the relay is not a service, whatever the relay's certificate says.
        assertThat(refused(session.report("CN=relay", "carol", job("j5", COMPUTE, JobState.RUNNING, 0)), 403))
                .isEqualTo("only the session's own services report jobs");
        assertThat(refused(session.report(COMPUTE_CN, "carol", job("j6", COMPUTE, JobState.RUNNING, 0)), 403))
                .isEqualTo("only the session's own services report jobs");
        assertThat(session.board.list(true, null)).hasSize(1);
    }

    @Test
    void usersWithReadRightsListAndGetJobs() {
        ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.RUNNING, 0.5)));
        ok(session.report(COMPUTE_CN, job("j2", COMPUTE, JobState.QUEUED, 0)));
        JsonNode listed = ok(session.asUser("bob", "Job.List"));
        assertThat(listed.path("jobs").findValuesAsText("id")).containsExactlyInAnyOrder("j1", "j2");
        assertThat(ok(session.asUser("bob", "Job.List", "service", "mesh"))
                        .path("jobs")
                        .size())
                .isZero();
        assertThat(ok(session.asUser("bob", "Job.Get", "job", "j1"))
                        .path("fraction")
                        .asDouble())
                .isEqualTo(0.5);
        assertThat(refused(session.asUser("bob", "Job.Get", "job", "nope"), 404))
                .isEqualTo("no job 'nope' in this session");
        assertThat(session.asUser("mallory", "Job.List").httpStatus()).isEqualTo(403);
    }

    @Test
    void aCancelIsPassedOnToTheJobsServiceWhichReportsItCancelled() {
        ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.RUNNING, 0.5)));
        assertThat(refused(session.asUser("bob", "Job.Cancel", "job", "j1"), 403))
                .contains("needs write access");

        JsonNode asked = ok(session.asUser("carol", "Job.Cancel", "job", "j1"));
        assertThat(asked.path("state").asText()).isEqualTo("RUNNING");
        assertThat(asked.path("message").asText()).isEqualTo("cancelling (asked by carol)");
        assertThat(session.compute.cancels).containsExactly("j1");
        assertThat(session.compute.callers).isEmpty();

        JsonNode cancelled = ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.CANCELLED, 0.5)));
        assertThat(cancelled.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("reason").asText()).isEqualTo("cancelled by carol");
        assertThat(refused(session.asUser("carol", "Job.Cancel", "job", "j1"), 409))
                .isEqualTo("job j1 has ended (cancelled): nothing to cancel");
    }

    @Test
    void aJobWhoseServiceIsGoneOrDoesNotKnowItIsCancelledAtOnce() {
        ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.RUNNING, 0.5)));
        session.compute.cancelAnswer = Optional.of(404);
        JsonNode unknown = ok(session.asUser("carol", "Job.Cancel", "job", "j1"));
        assertThat(unknown.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(unknown.path("reason").asText())
                .isEqualTo("cancelled by carol (its service compute-test no longer had it)");

        ok(session.report(COMPUTE_CN, job("j2", COMPUTE, JobState.QUEUED, 0)));
        session.running.remove(COMPUTE);
        JsonNode gone = ok(session.asUser("carol", "Job.Cancel", "job", "j2"));
        assertThat(gone.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(gone.path("reason").asText())
                .isEqualTo("cancelled by carol (its service compute-test is not running)");
        assertThat(session.compute.cancels).containsExactly("j1");
    }

    @Test
    void aServiceThatRefusesTheCancelForAnotherReasonLeavesTheJobRunning() {
        ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.RUNNING, 0.5)));
        session.compute.cancelAnswer = Optional.of(409);
        assertThat(refused(session.asUser("carol", "Job.Cancel", "job", "j1"), 502))
                .isEqualTo("service compute-test did not take the cancel: no job j1 here");
        assertThat(session.board.get("j1").view().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void theLssReportsAServiceThatExitedAndItsJobsFail() {
        ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.RUNNING, 0.5)));
        assertThat(refused(
                        session.asService(
                                COMPUTE_CN, "Job.ServiceExited", "service", COMPUTE, "reason", "exited with code 1"),
                        403))
                .isEqualTo("only the LSS reports that a service exited");
        assertThat(session.asUser("alice", "Job.ServiceExited", "service", COMPUTE, "reason", "x")
                        .httpStatus())
                .isEqualTo(403);

        JsonNode failed = ok(session.asService(
                "CN=lss", "Job.ServiceExited", "service", COMPUTE, "reason", "exited with code 137 (signal 9)"));
        assertThat(failed.path("failed").findValuesAsText("id")).containsExactly("j1");
        JsonNode j1 = ok(session.asUser("bob", "Job.Get", "job", "j1"));
        assertThat(j1.path("state").asText()).isEqualTo("FAILED");
        assertThat(j1.path("reason").asText())
                .isEqualTo("compute-test exited with code 137 (signal 9) while the job ran");
        // The service's own late report cannot bring it back.
        ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.DONE, 1)));
        assertThat(session.board.get("j1").view().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void aRestartedModelKeepsTheBoard() {
        ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.RUNNING, 0.5)));
        session.restart();
        JsonNode j1 = ok(session.asUser("bob", "Job.Get", "job", "j1"));
        assertThat(j1.path("state").asText()).isEqualTo("RUNNING");
        ok(session.report(COMPUTE_CN, job("j1", COMPUTE, JobState.DONE, 1)));
        assertThat(ok(session.asUser("bob", "Job.Get", "job", "j1"))
                        .path("state")
                        .asText())
                .isEqualTo("DONE");
    }
}
