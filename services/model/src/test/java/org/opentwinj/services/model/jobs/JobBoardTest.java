package org.opentwinj.services.model.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.JobEvent;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.testing.TestClock;
import org.opentwinj.services.model.store.ProjectCollections;

/** The board's state machine and its store, on the embedded database. */
class JobBoardTest {
    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final DatabaseConnection connection;
    private final TestClock clock = new TestClock();
    private final List<Object> announced = new ArrayList<>();
    private JobBoard board;

    JobBoardTest() {
        InetSocketAddress address = server.bind();
        connection = DatabaseConnection.open(
                "mongodb://" + address.getHostString() + ":" + address.getPort() + "/test", Duration.ofSeconds(5));
        board = newBoard();
    }

    private JobBoard newBoard() {
        return new JobBoard(
                new JobStore(new ProjectCollections(connection.database(), "p-1").jobs()), announced::add, clock);
    }

    @AfterEach
    void close() {
        connection.close();
        server.shutdownNow();
    }

    static JobView job(String id, String service, JobState state, double fraction) {
        return new JobView(
                id,
                service,
                "Mesh.Build",
                "Build mesh",
                "carol",
                state,
                fraction,
                null,
                null,
                state == JobState.FAILED ? "out of memory" : null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void aJobMovesFromQueuedToRunningToDoneWithItsTimesAndEveryChangeIsAnnounced() {
        Instant start = clock.instant();
        JobView queued = board.report(job("j1", "mesh", JobState.QUEUED, 0));
        assertThat(queued.created()).isEqualTo(start);
        assertThat(queued.started()).isNull();
        clock.advance(Duration.ofSeconds(2));
        JobView running = board.report(job("j1", "mesh", JobState.RUNNING, 0.4));
        assertThat(running.started()).isEqualTo(start.plusSeconds(2));
        assertThat(running.fraction()).isEqualTo(0.4);
        assertThat(running.created()).isEqualTo(start);
        clock.advance(Duration.ofSeconds(3));
        JobView done = board.report(job("j1", "mesh", JobState.DONE, 0.9));
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.fraction()).isEqualTo(1.0);
        assertThat(done.ended()).isEqualTo(start.plusSeconds(5));
        assertThat(done.started()).isEqualTo(start.plusSeconds(2));
        assertThat(announced)
                .hasSize(3)
                .allSatisfy(event -> assertThat(event).isInstanceOf(JobEvent.class))
                .extracting(event -> ((JobEvent) event).job().state())
                .containsExactly(JobState.QUEUED, JobState.RUNNING, JobState.DONE);
        assertThat(((JobEvent) announced.getFirst()).event()).isEqualTo("job");
    }

    @Test
    void aReportAfterTheJobEndedOrOneThatWouldMoveItBackIsIgnored() {
        board.report(job("j1", "mesh", JobState.RUNNING, 0.5));
        assertThat(board.report(job("j1", "mesh", JobState.QUEUED, 0)).state()).isEqualTo(JobState.RUNNING);
        board.report(job("j1", "mesh", JobState.FAILED, 0.5));
        announced.clear();
        JobView after = board.report(job("j1", "mesh", JobState.RUNNING, 0.7));
        assertThat(after.state()).isEqualTo(JobState.FAILED);
        assertThat(after.reason()).isEqualTo("out of memory");
        assertThat(board.report(job("j1", "mesh", JobState.DONE, 1)).state()).isEqualTo(JobState.FAILED);
        assertThat(announced).isEmpty();
    }

    @Test
    void invalidReportsAreRefused() {
        assertThatThrownBy(() -> board.report(job("j1", "mesh", JobState.RUNNING, 1.5)))
                .isInstanceOf(PublicException.class)
                .hasMessage("job j1: fraction must be from 0 to 1; got 1.5");
        assertThatThrownBy(() -> board.report(job("j 1", "mesh", JobState.RUNNING, 0)))
                .hasMessageStartingWith("job id 'j 1' must be");
        JobView failedWithoutReason = new JobView(
                "j2",
                "mesh",
                "Mesh.Build",
                "t",
                "carol",
                JobState.FAILED,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThatThrownBy(() -> board.report(failedWithoutReason))
                .hasMessage("job j2 failed: its report needs the reason");
        board.report(job("j3", "mesh", JobState.RUNNING, 0));
        assertThatThrownBy(() -> board.report(job("j3", "solver", JobState.RUNNING, 0)))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessage("job j3 belongs to service mesh");
    }

    @Test
    void aRestartedBoardKeepsTheJobsAndTheirCancelRequests() {
        board.report(job("j1", "mesh", JobState.RUNNING, 0.3));
        board.requestCancel("j1", "carol");
        board = newBoard();
        StoredJob kept = board.get("j1");
        assertThat(kept.view().state()).isEqualTo(JobState.RUNNING);
        assertThat(kept.view().fraction()).isEqualTo(0.3);
        assertThat(kept.view().message()).isEqualTo("cancelling (asked by carol)");
        assertThat(kept.cancelRequestedBy()).isEqualTo("carol");
        JobView cancelled = board.report(job("j1", "mesh", JobState.CANCELLED, 0.3));
        assertThat(cancelled.reason()).isEqualTo("cancelled by carol");
    }

    @Test
    void anEndedJobCannotBeCancelled() {
        board.report(job("j1", "mesh", JobState.DONE, 1));
        assertThatThrownBy(() -> board.requestCancel("j1", "carol"))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessage("job j1 has ended (done): nothing to cancel");
        assertThatThrownBy(() -> board.get("nope"))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aServiceThatExitedFailsItsQueuedAndRunningJobsOnly() {
        board.report(job("run", "compute-test", JobState.RUNNING, 0.5));
        board.report(job("wait", "compute-test", JobState.QUEUED, 0));
        board.report(job("done", "compute-test", JobState.DONE, 1));
        board.report(job("other", "mesh", JobState.RUNNING, 0.5));
        List<JobView> failed = board.serviceExited("compute-test", "exited with code 137 (signal 9)");
        assertThat(failed).extracting(JobView::id).containsExactlyInAnyOrder("run", "wait");
        assertThat(board.get("run").view().state()).isEqualTo(JobState.FAILED);
        assertThat(board.get("run").view().reason())
                .isEqualTo("compute-test exited with code 137 (signal 9) while the job ran");
        assertThat(board.get("wait").view().reason())
                .isEqualTo("compute-test exited with code 137 (signal 9) while the job waited");
        assertThat(board.get("done").view().state()).isEqualTo(JobState.DONE);
        assertThat(board.get("other").view().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void theListIsNewestFirstAndLeavesOutJobsEndedOverAnHourAgoUnlessAllAreAsked() {
        board.report(job("old", "mesh", JobState.DONE, 1));
        clock.advance(Duration.ofMinutes(61));
        board.report(job("recent", "mesh", JobState.FAILED, 0));
        clock.advance(Duration.ofSeconds(1));
        board.report(job("running", "solver", JobState.RUNNING, 0.1));
        assertThat(board.list(false, null)).extracting(JobView::id).containsExactly("running", "recent");
        assertThat(board.list(true, null)).extracting(JobView::id).containsExactly("running", "recent", "old");
        assertThat(board.list(true, "mesh")).extracting(JobView::id).containsExactly("recent", "old");
    }

    @Test
    void theBoardKeepsTheNewest500JobsAndEveryUnfinishedOne() {
        board.report(job("first-running", "mesh", JobState.RUNNING, 0));
        for (int i = 0; i < JobBoard.KEEP + 5; i++) {
            clock.advance(Duration.ofMillis(1));
            board.report(job("j" + i, "mesh", JobState.DONE, 1));
        }
        List<JobView> all = board.list(true, null);
        assertThat(all).hasSize(JobBoard.KEEP + 1);
        assertThat(all)
                .extracting(JobView::id)
                .contains("first-running", "j504", "j5")
                .doesNotContain("j4", "j0");
    }
}
