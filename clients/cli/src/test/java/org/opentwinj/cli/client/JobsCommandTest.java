package org.opentwinj.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opentwinj.cli.client.ScriptedSession.job;
import static org.opentwinj.cli.client.ScriptedSession.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.JobState;
import picocli.CommandLine;

/** {@code opentwin jobs list/show/cancel} against the job board of a scripted session. */
class JobsCommandTest {
    private final ScriptedSession session = new ScriptedSession();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ClientContext console = new ClientContext(
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    private int run(ClientCommand command, String... args) throws Exception {
        new CommandLine(command).parseArgs(args);
        Object result = command instanceof Callable<?> callable ? callable.call() : null;
        if (command instanceof Runnable runnable) {
            runnable.run();
        }
        return result == null ? 0 : (Integer) result;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private final class ListJobs extends JobsCommand.ListJobs {
        ListJobs() {
            super(console);
        }

        @Override
        JsonNode callGss(String action, Object fields) {
            return session.gss(action);
        }

        @Override
        <T> T throughRelay(String id, Function<SessionRelay, T> work) {
            return work.apply(session);
        }
    }

    private final class Show extends JobsCommand.Show {
        Show() {
            super(console);
        }

        @Override
        JsonNode callGss(String action, Object fields) {
            return session.gss(action);
        }

        @Override
        <T> T throughRelay(String id, Function<SessionRelay, T> work) {
            return work.apply(session);
        }
    }

    private final class Cancel extends JobsCommand.Cancel {
        Cancel() {
            super(console);
        }

        @Override
        JsonNode callGss(String action, Object fields) {
            return session.gss(action);
        }

        @Override
        <T> T throughRelay(String id, Function<SessionRelay, T> work) {
            return work.apply(session);
        }
    }

    @Test
    void listShowsTheBoardsJobsOnePerLineAndAsksForEndedOnesOnlyWithAll() throws Exception {
        session.replies.put("Job.List", message -> {
            JsonNode jobs = Json.mapper()
                    .valueToTree(List.of(
                            job("j2", JobState.RUNNING, 0.42, "layer 3", null, null),
                            job("j1", JobState.FAILED, 0.1, null, "out of memory", null)));
            return Json.object().set("jobs", jobs);
        });

        run(new ListJobs(), "s1", "--all", "--service", "compute");

        assertThat(session.requests.getFirst().message())
                .isEqualTo(
                        Json.object().put("action", "Job.List").put("all", true).put("service", "compute"));
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("j2").contains("RUNNING", " 42%", "Slow work", "layer 3");
        assertThat(lines.get(1)).startsWith("j1").contains("FAILED", "out of memory");
    }

    @Test
    void listFollowPrintsEachChangeOfTheListedServicesJobsAsItComes() throws Exception {
        session.replies.put(
                "Job.List", message -> Json.object().set("jobs", Json.mapper().createArrayNode()));
        session.push(job("j3", JobState.RUNNING, 0.1, "starting", null, null));
        session.pushes.add(new SessionRelay.Push("model", Json.object().put("event", "model")));
        session.push(job("j3", JobState.DONE, 1, null, null, 9L));
        session.closeWhenDrained = true;

        assertThatThrownBy(() -> run(new ListJobs(), "s1", "--follow", "--service", "compute"))
                .hasMessageContaining("the relay closed the connection");

        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("j3").contains("RUNNING", "10%", "starting");
        assertThat(lines.get(1)).startsWith("j3").contains("DONE", "100%");
    }

    @Test
    void aTerminalGetsOneBarRedrawnInPlace() {
        session.replies.put("Job.Get", message -> json(job("j1", JobState.RUNNING, 0.5, "half", null, null)));
        session.push(job("j1", JobState.DONE, 1, null, null, 3L));

        JobFollower.Outcome outcome =
                new JobFollower(session, console.out(), true, 60, JobFollower.Interruption.NONE).follow("j1");

        assertThat(outcome.left()).isFalse();
        assertThat(outcome.job().state()).isEqualTo(JobState.DONE);
        assertThat(out())
                .startsWith("\rSlow work [##########----------]  50%  half")
                .contains("\rSlow work [####################] 100%")
                .endsWith(System.lineSeparator())
                .satisfies(
                        text -> assertThat(text.chars().filter(c -> c == '\n').count())
                                .as("one line, ended when the job ended")
                                .isOne());
    }

    @Test
    void showFollowsAJobToItsEndAndExitsByHowItEnded() throws Exception {
        session.replies.put("Job.Get", message -> json(job("j1", JobState.RUNNING, 0.5, "half", null, null)));
        session.push(job("j1", JobState.DONE, 1, null, null, 3L));

        assertThat(run(new Show(), "s1", "j1", "--follow")).isZero();
        assertThat(out()).endsWith("job j1 DONE: results in model version 3" + System.lineSeparator());

        session.push(job("j1", JobState.FAILED, 0.5, null, "the solver diverged", null));
        assertThatThrownBy(() -> run(new Show(), "s1", "j1", "--follow"))
                .isInstanceOf(ExitException.class)
                .hasMessage("job j1 FAILED: the solver diverged")
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.JOB_FAILED));

        session.push(job("j1", JobState.CANCELLED, 0.5, null, "cancelled by bob", null));
        assertThatThrownBy(() -> run(new Show(), "s1", "j1", "--follow"))
                .isInstanceOf(ExitException.class)
                .hasMessage("job j1 CANCELLED (cancelled by bob); nothing saved")
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.JOB_CANCELLED));
    }

    @Test
    void showPrintsTheJobAndWhereItsLogsAre() throws Exception {
        session.replies.put("Job.Get", message -> json(job("j1", JobState.RUNNING, 0.5, "half", null, null)));

        assertThat(run(new Show(), "s1", "j1")).isZero();

        assertThat(out())
                .contains("state    RUNNING 50%")
                .contains("message  half")
                .contains("left     1m 20s")
                .contains("logs     opentwin logs --job j1");
        assertThat(session.actions()).containsExactly("Job.Get");
    }

    @Test
    void cancelAsksTheBoardAndSaysWhereTheJobIs() throws Exception {
        session.replies.put("Job.Cancel", message -> json(job("j1", JobState.RUNNING, 0.5, "stopping", null, null)));

        run(new Cancel(), "s1", "j1");

        assertThat(session.requests.getFirst().service()).isEqualTo("model");
        assertThat(session.requests.getFirst().message())
                .isEqualTo(Json.object().put("action", "Job.Cancel").put("job", "j1"));
        assertThat(out()).startsWith("job j1: cancel asked (RUNNING); 'opentwin jobs show s1 j1 --follow'");
    }
}
