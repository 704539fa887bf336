package org.opentwinj.platform.compute.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.compute.CommandHandler;
import org.opentwinj.platform.compute.ComputeCommand;
import org.opentwinj.platform.compute.FakeModel;
import org.opentwinj.platform.compute.JobCancelledException;
import org.opentwinj.platform.compute.ModelResultSaver;
import org.opentwinj.platform.compute.Output;
import org.opentwinj.platform.compute.Outputs;
import org.opentwinj.platform.compute.Params;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.slf4j.MDC;

class JobRunnerTest {
    private final FakeModel model = new FakeModel();
    private final List<JobView> reported = new CopyOnWriteArrayList<>();
    private final JobRunner runner = new JobRunner(
            "compute-test",
            new ModelResultSaver("compute-test", model),
            new ThrottledReports(
                    reported::add,
                    (delay, task) -> Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(delay);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        task.run();
                    }),
                    Clock.systemUTC()),
            Clock.systemUTC(),
            1,
            10);

    @AfterEach
    void stop() {
        runner.close();
    }

    private static ComputeCommand command(CommandHandler handler) {
        return new ComputeCommand(
                new CommandSpec("Work.Slow", "Slow work", "Test", "Work", List.of(), true, "result", null), handler);
    }

    private JobView submit(CommandHandler handler) {
        return runner.submit(command(handler), new Params(List.of(), Map.of()), null, "alice");
    }

    private JobView finalState(String id) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> reported.stream()
                        .anyMatch(j -> j.id().equals(id) && j.state().isEnded()));
        return reported.stream()
                .filter(j -> j.id().equals(id) && j.state().isEnded())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aJobIsQueuedThenRunsWithProgressAndEndsDoneWithItsVersion() throws Exception {
        CountDownLatch proceed = new CountDownLatch(1);
        JobView queued = submit((params, inputs, progress) -> {
            progress.report(0.5, "half way");
            proceed.await(10, TimeUnit.SECONDS);
            return Outputs.of(Output.of("result", "r", new byte[] {1}));
        });
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> runner.get(queued.id()).fraction() == 0.5);
        JobView running = runner.get(queued.id());
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.message()).isEqualTo("half way");
        assertThat(running.started()).isNotNull();
        proceed.countDown();

        JobView done = finalState(queued.id());
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.fraction()).isEqualTo(1.0);
        assertThat(done.version()).isEqualTo(1L);
        assertThat(model.saves).hasSize(1);
        // Reports may merge (QUEUED replaced by RUNNING before it went out) but never go back.
        List<JobState> states = reported.stream().map(JobView::state).toList();
        assertThat(states).isSortedAccordingTo(Enum::compareTo).endsWith(JobState.DONE);
    }

    @Test
    void aFailureThatUsersUnderstandIsTheReasonAndNothingIsSaved() {
        JobView job = submit((params, inputs, progress) -> {
            progress.report(0.3, "reading");
            throw new PublicException("the signal has fewer than 2 samples");
        });
        JobView failed = finalState(job.id());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.reason()).isEqualTo("the signal has fewer than 2 samples");
        assertThat(model.saves).isEmpty();
    }

    @Test
    void anInternalErrorFailsWithAReasonNamingTheCommandAndAnErrorIdNotTheInternals() {
        JobView job = submit((params, inputs, progress) -> {
            throw new IllegalStateException("index 7 out of bounds in kernel");
        });
        JobView failed = finalState(job.id());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.reason())
                .startsWith("internal error in Slow work (error id ")
                .doesNotContain("index 7");
        assertThat(model.saves).isEmpty();
    }

    @Test
    void aCancelledJobStopsAtItsNextCheckAndSavesNothing() {
        CountDownLatch started = new CountDownLatch(1);
        JobView job = submit((params, inputs, progress) -> {
            started.countDown();
            while (true) {
                progress.checkCancelled();
                Thread.onSpinWait();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
        runner.cancel(job.id(), "bob");
        JobView cancelled = finalState(job.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo("cancelled by bob");
        assertThat(cancelled.partial()).isNull();
        assertThat(model.saves).isEmpty();
    }

    @Test
    void aSleepingJobIsInterruptedByItsCancel() {
        CountDownLatch started = new CountDownLatch(1);
        JobView job = submit((params, inputs, progress) -> {
            started.countDown();
            Thread.sleep(60_000);
            return Outputs.of(Output.of("result", "never", null));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
        runner.cancel(job.id(), "bob");
        assertThat(finalState(job.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(model.saves).isEmpty();
    }

    @Test
    void aCancelledJobKeepsItsPartialResultsInOneSaveMarkedPartial() {
        CountDownLatch started = new CountDownLatch(1);
        JobView job = submit((params, inputs, progress) -> {
            progress.report(0.4, "step 4 of 10");
            started.countDown();
            try {
                while (true) {
                    progress.checkCancelled();
                    Thread.onSpinWait();
                }
            } catch (JobCancelledException e) {
                return Outputs.of(Output.of("result", "steps", new byte[] {4}));
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
        runner.cancel(job.id(), "alice");
        JobView cancelled = finalState(job.id());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.partial()).isTrue();
        assertThat(model.saves).hasSize(1);
        assertThat(cancelled.version()).isEqualTo(model.saves.getFirst().version());
        assertThat(model.saves.getFirst().message()).isEqualTo("partial: Slow work cancelled at 40%");
        assertThat(model.saves.getFirst().puts().getFirst().path("name").asText())
                .isEqualTo("steps (partial)");
    }

    @Test
    void aQueuedJobCancelledBeforeItRunsEndsAtOnceAndNeverRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        JobView first = submit((params, inputs, progress) -> {
            release.await(10, TimeUnit.SECONDS);
            return Outputs.none();
        });
        AtomicReference<Boolean> ran = new AtomicReference<>(false);
        JobView second = submit((params, inputs, progress) -> {
            ran.set(true);
            return Outputs.none();
        });
        JobView answer = runner.cancel(second.id(), "alice");
        assertThat(answer.state()).isEqualTo(JobState.CANCELLED);
        release.countDown();
        assertThat(finalState(first.id()).state()).isEqualTo(JobState.DONE);
        assertThat(ran.get()).isFalse();
    }

    @Test
    void theJobsLogLinesCarryItsId() {
        AtomicReference<String> seen = new AtomicReference<>();
        JobView job = submit((params, inputs, progress) -> {
            seen.set(MDC.get(LogContext.JOB) + "/" + MDC.get(LogContext.SESSION) + "/" + MDC.get(LogContext.USER));
            return Outputs.none();
        });
        finalState(job.id());
        // The session is in every line of the process already: not twice in one JSON object.
        assertThat(seen.get()).isEqualTo(job.id() + "/null/alice");
    }

    @Test
    void aSaveTheModelRefusesFailsTheJobWithTheModelsReason() {
        JobRunner refusing = new JobRunner(
                "compute-test",
                (command, params, outputs, message, job) -> {
                    throw PublicException.forbidden("you have read access to this project; this needs write access");
                },
                new ThrottledReports(
                        reported::add, (delay, task) -> Thread.ofVirtual().start(task), Clock.systemUTC()),
                Clock.systemUTC(),
                1,
                1);
        try {
            JobView job = refusing.submit(
                    command((params, inputs, progress) -> Outputs.of(Output.of("result", "r", null))),
                    new Params(List.of(), Map.of()),
                    null,
                    "carol");
            JobView failed = finalState(job.id());
            assertThat(failed.state()).isEqualTo(JobState.FAILED);
            assertThat(failed.reason())
                    .isEqualTo(
                            "its results could not be saved: you have read access to this project; this needs write access");
        } finally {
            refusing.close();
        }
    }

    @Test
    void aJobSavesForItselfWithoutATokenOnceTheModelKnowsItRunning() {
        // Reports that would wait far longer than the job runs: only the delivery before the
        // save tells the Model the job runs before its results come.
        List<JobView> delivered = new CopyOnWriteArrayList<>();
        List<String> atSave = new CopyOnWriteArrayList<>();
        JobRunner slowReports = new JobRunner(
                "compute-test",
                (command, params, outputs, message, job) -> {
                    JobView last = delivered.getLast();
                    atSave.add(job + " " + last.id() + " " + last.state());
                    return 7;
                },
                new ThrottledReports(delivered::add, (delay, task) -> {}, Clock.systemUTC()),
                Clock.systemUTC(),
                1,
                1);
        try {
            JobView job = slowReports.submit(
                    command((params, inputs, progress) -> Outputs.of(Output.of("result", "r", null))),
                    new Params(List.of(), Map.of()),
                    null,
                    "carol");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> slowReports.get(job.id()).state() == JobState.DONE);
            assertThat(atSave).containsExactly(job.id() + " " + job.id() + " RUNNING");
            assertThat(delivered).extracting(JobView::state).containsExactly(JobState.RUNNING);
            assertThat(slowReports.get(job.id()).version()).isEqualTo(7L);
        } finally {
            slowReports.close();
        }
    }
}
