package org.opentwinj.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opentwinj.cli.client.ScriptedSession.job;
import static org.opentwinj.cli.client.ScriptedSession.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.cli.compute.TestCatalogue;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandReply;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.EntityLookup;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.session.ParamCheck;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ServiceCommands;
import picocli.CommandLine;

/**
 * {@code opentwin do} against a scripted session: the catalogue types the values, a bad one is
 * refused before anything is sent, a job is followed to its end with the exit code its end
 * says, Ctrl-C offers to cancel, --detach returns the job at once.
 */
class DoCommandTest {
    @TempDir
    Path directory;

    private final ScriptedSession session = new ScriptedSession();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** Ctrl-C presses the test makes, and the answers it gives to "cancel?". */
    private final Deque<Boolean> presses = new ArrayDeque<>();

    private final Deque<Boolean> answers = new ArrayDeque<>();

    DoCommandTest() {
        session.catalogue = json(TestCatalogue.session());
    }

    private final class Scripted extends DoCommand {
        Scripted() {
            super(new ClientContext(
                    Map.of(),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
        }

        @Override
        JsonNode call(String action, Object fields) {
            session.gssCalls.add(action);
            return ScriptedSession.projects();
        }

        @Override
        JsonNode callGss(String action, Object fields) {
            return session.gss(action);
        }

        @Override
        <T> T throughRelay(String id, Function<SessionRelay, T> work) {
            assertThat(id).isEqualTo("s1");
            session.connections++;
            return work.apply(session);
        }

        @Override
        JobFollower.Interruption ctrlC() {
            return new JobFollower.Interruption() {
                @Override
                public boolean pressed() {
                    return !presses.isEmpty() && presses.removeFirst();
                }

                @Override
                public boolean cancel(JobView job) {
                    return answers.removeFirst();
                }
            };
        }
    }

    /** Runs {@code opentwin do} with the arguments as the command line would; the exit code. */
    private int run(String... args) {
        DoCommand command = new Scripted();
        CommandLine line = new CommandLine(command);
        DoCommand.ownHelp(line);
        line.parseArgs(args);
        return command.call();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private void runReplies(JobView first) {
        session.replies.put("Command.Run", message -> json(new CommandReply("j1", null, null)));
        session.replies.put("Job.Get", message -> json(first));
    }

    @Test
    void aJobIsFollowedToDoneWithAPlainLinePerChangeAndExitsZero() {
        runReplies(job("j1", JobState.QUEUED, 0, null, null, null));
        session.push(job("j1", JobState.RUNNING, 0.25, "step 1", null, null));
        session.push(job("j1", JobState.RUNNING, 0.25, "step 1", null, null));
        session.push(job("other", JobState.RUNNING, 0.9, "another job", null, null));
        session.push(job("j1", JobState.RUNNING, 0.5, "step 2", null, null));
        session.push(job("j1", JobState.DONE, 1, null, null, 7L));

        int code = run("Patch", "compute", "Work.Slow", "--set", "seconds=30s");

        assertThat(code).isZero();
        assertThat(session.actions()).containsExactly("Command.Run", "Job.Get");
        assertThat(session.requests.getFirst().service()).isEqualTo("compute");
        assertThat(session.requests.getFirst().message())
                .isEqualTo(Json.object()
                        .put("action", "Command.Run")
                        .put("command", "Work.Slow")
                        .set("params", Json.object().put("seconds", 30.0)));
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).endsWith("  QUEUED");
        assertThat(lines.get(1)).endsWith("RUNNING  25%  step 1  1m 20s left");
        assertThat(lines.get(2)).endsWith("RUNNING  50%  step 2  1m 20s left");
        assertThat(lines.get(3)).contains("DONE");
        assertThat(lines.get(4)).isEqualTo("job j1 DONE: results in model version 7");
        assertThat(out()).doesNotContain("\r").doesNotContain("another job");
    }

    @Test
    void aFailedJobEndsWithItsOwnCodeAndItsReason() {
        runReplies(job("j1", JobState.RUNNING, 0.1, "meshing", null, null));
        session.push(job("j1", JobState.FAILED, 0.1, null, "the shape has no volume", null));

        assertThatThrownBy(() -> run("Patch", "compute", "Work.Slow", "--set", "seconds=3"))
                .isInstanceOf(ExitException.class)
                .hasMessage("job j1 FAILED: the shape has no volume")
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.JOB_FAILED));
    }

    @Test
    void aJobCancelledBySomeoneElseEndsWithTheCancelledCode() {
        runReplies(job("j1", JobState.RUNNING, 0.1, "meshing", null, null));
        session.push(job("j1", JobState.CANCELLED, 0.1, null, "cancelled by bob", null));

        assertThatThrownBy(() -> run("Patch", "compute", "Work.Slow", "--set", "seconds=3"))
                .isInstanceOf(ExitException.class)
                .hasMessage("job j1 CANCELLED (cancelled by bob); nothing saved")
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.JOB_CANCELLED));
    }

    @Test
    void ctrlCAnsweredYesCancelsTheJobAndFollowsItToItsEnd() {
        runReplies(job("j1", JobState.RUNNING, 0.1, "meshing", null, null));
        session.replies.put("Job.Cancel", message -> json(job("j1", JobState.RUNNING, 0.1, "stopping", null, null)));
        presses.add(true);
        answers.add(true);
        session.push(job("j1", JobState.CANCELLED, 0.1, null, "cancelled by alice", null));

        assertThatThrownBy(() -> run("Patch", "compute", "Work.Slow", "--set", "seconds=3"))
                .hasMessage("job j1 CANCELLED (cancelled by alice); nothing saved")
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.JOB_CANCELLED));
        assertThat(session.actions()).containsExactly("Command.Run", "Job.Get", "Job.Cancel");
        assertThat(session.requests.getLast().message().path("job").asText()).isEqualTo("j1");
    }

    @Test
    void ctrlCAnsweredNoLeavesTheJobRunningAndSaysHowToFollowIt() {
        runReplies(job("j1", JobState.RUNNING, 0.1, "meshing", null, null));
        presses.add(true);
        answers.add(false);

        assertThat(run("Patch", "compute", "Work.Slow", "--set", "seconds=3")).isZero();
        assertThat(session.actions()).containsExactly("Command.Run", "Job.Get");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("job j1 runs on: 'opentwin jobs show Patch j1 --follow' follows it");
    }

    @Test
    void detachPrintsTheJobIdAloneAndReturnsAtOnce() {
        runReplies(job("j1", JobState.QUEUED, 0, null, null, null));

        assertThat(run("Patch", "compute", "Work.Slow", "--set", "seconds=3", "--detach"))
                .isZero();
        assertThat(out()).isEqualTo("j1" + System.lineSeparator());
        assertThat(session.actions()).containsExactly("Command.Run");
    }

    @Test
    void aBadValueIsRefusedInTheServicesWordsBeforeAnythingIsSent() {
        ParamSpec seconds = TestCatalogue.seconds();
        String serviceSays = "";
        try {
            ParamCheck.check(
                    List.of(seconds),
                    Map.of("seconds", Json.mapper().getNodeFactory().textNode("2min")),
                    EntityLookup.none());
        } catch (PublicException e) {
            serviceSays = e.getMessage();
        }

        assertThatThrownBy(() -> run("Patch", "compute", "Work.Slow", "--set", "seconds=2min"))
                .isInstanceOf(ExitException.class)
                .hasMessage(serviceSays)
                .hasMessageStartingWith("parameter 'seconds' ")
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION));
        assertThat(session.connections)
                .as("no connection to the session's services")
                .isZero();
        assertThat(session.requests).isEmpty();
        assertThat(session.gssCalls).containsExactly("Session.List", "Project.List", "Session.Commands");
    }

    @Test
    void aProjectIdFoundAmongTheSessionsNeedsNoProjectLookUp() {
        session.replies.put("Command.Run", message -> json(new CommandReply(null, 4L, List.of("e9"))));

        assertThat(run("p1", "compute", "Shape.Box", "--set", "size=2mm")).isZero();

        assertThat(session.gssCalls).containsExactly("Session.List", "Session.Commands");
        assertThat(out()).isEqualTo("Shape.Box done: model version 4, entities e9" + System.lineSeparator());
    }

    @Test
    void theServicesRefusalIsPassedOnWithItsStatus() {
        session.replies.put("Command.Run", message -> {
            throw new PublicException(400, "parameter 'size': must be at most 10 mm");
        });

        assertThatThrownBy(() -> run("Patch", "compute", "Shape.Box", "--set", "size=20"))
                .isInstanceOf(PublicException.class)
                .hasMessage("parameter 'size': must be at most 10 mm")
                .satisfies(e -> assertThat(((PublicException) e).status()).isEqualTo(400));
    }

    /** The model's one entity, as Model.Entities lists it. */
    private void theModelHolds(String id, String name, String type) {
        session.replies.put("Model.Entities", message -> {
            var entities = Json.mapper().createArrayNode();
            entities.addObject().put("id", id).put("name", name).put("type", type);
            return entities;
        });
    }

    @Test
    void anEntityNameIsSentAsItsId() {
        theModelHolds("e1", "Box", "geometry");
        session.replies.put("Command.Run", message -> json(new CommandReply(null, 5L, List.of("e2"))));

        assertThat(run("Patch", "compute", "Mesh.Of", "--set", "of=Box")).isZero();

        assertThat(session.actions()).containsExactly("Model.Entities", "Command.Run");
        assertThat(session.requests
                        .getLast()
                        .message()
                        .path("params")
                        .path("of")
                        .asText())
                .isEqualTo("e1");
    }

    @Test
    void anEntityOfAnotherTypeIsRefusedOnceTheModelIsAskedAndNothingRuns() {
        theModelHolds("e1", "Grid", "mesh");

        assertThatThrownBy(() -> run("Patch", "compute", "Mesh.Of", "--set", "of=Grid"))
                .isInstanceOf(ExitException.class)
                .hasMessageStartingWith("parameter 'of' ")
                .hasMessageContaining("'e1' is a mesh")
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION));
        assertThat(session.actions()).containsExactly("Model.Entities");
    }

    @Test
    void aFileIsUploadedInPartsWithProgressThenNamedByItsUpload() throws IOException {
        Path step = Files.writeString(directory.resolve("part.step"), "ISO-10303-21;");
        session.replies.put("Model.StageData", message -> Json.object().put("upload", "u7"));
        session.replies.put("Command.Run", message -> json(new CommandReply(null, 5L, List.of())));

        assertThat(run("Patch", "compute", "Load.Step", "--set", "file=" + step))
                .isZero();

        assertThat(session.actions()).containsExactly("Model.StageData", "Command.Run");
        assertThat(session.requests.getLast().message().path("params").path("file"))
                .isEqualTo(Json.object()
                        .put("upload", "u7")
                        .put("name", "part.step")
                        .put("size", 13L));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("uploading part.step: 13 of 13 bytes");
    }

    @Test
    void aProjectThatIsNotOpenIsOpenedAndLeftOpen() {
        session.open = false;
        session.replies.put("Command.Run", message -> json(new CommandReply(null, 2L, List.of())));

        assertThat(run("Patch", "compute", "Shape.Box", "--set", "size=1")).isZero();

        assertThat(session.gssCalls)
                .containsExactly("Session.List", "Project.List", "Session.New", "Session.Events", "Session.Commands");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("opening project Patch (session s1)")
                .contains("session s1 is running; it stays open ('opentwin session close s1' closes it)");
    }

    @Test
    void helpAfterTheServiceListsItsCommands() {
        assertThat(run("Patch", "compute", "--help")).isZero();

        assertThat(out())
                .startsWith("Usage: opentwin do Patch compute COMMAND [--set NAME=VALUE]... [--detach]")
                .containsPattern("Test / Jobs +Work.Slow +Slow work \\(job\\)");
        assertThat(session.requests).isEmpty();
    }

    @Test
    void helpAfterTheProjectListsTheSessionsCommands() {
        assertThat(run("Patch", "--help")).isZero();

        assertThat(out())
                .contains("Usage: opentwin do Patch SERVICE COMMAND")
                .containsPattern("compute +Modeling / Create +Shape.Box +Box")
                .containsPattern("compute +Test / Jobs +Work.Slow +Slow work \\(job\\)")
                .contains("kriging: its commands are not known yet");
        assertThat(session.requests).isEmpty();
    }

    @Test
    void helpAfterTheCommandListsItsParameters() {
        assertThat(run("Patch", "compute", "Work.Slow", "--help")).isZero();

        assertThat(out())
                .contains("Usage: opentwin do Patch compute Work.Slow --set NAME=VALUE... [--detach]")
                .contains("Slow work (Test / Jobs), runs as a job")
                .contains("  seconds  NUMBER in s")
                .contains("      0 to 3600 s")
                .contains("      how long it works");
    }

    @Test
    void aServiceNotStartedYetIsAskedForItsCommandsOverTheSameConnection() {
        session.replies.put(
                "Service.Commands",
                message -> json(new ServiceCommands(
                        "kriging",
                        List.of(new CommandSpec(
                                "Fit", "Fit a model", "Data", "Kriging", List.of(), false, null, null)))));
        session.replies.put("Command.Run", message -> json(new CommandReply(null, 8L, List.of())));

        assertThat(run("Patch", "kriging", "Fit")).isZero();

        assertThat(session.actions()).containsExactly("Service.Commands", "Command.Run");
        assertThat(session.requests)
                .allSatisfy(request -> assertThat(request.service()).isEqualTo("kriging"));
        assertThat(session.connections).isEqualTo(1);
    }

    @Test
    void anUnknownServiceOrCommandIsAUsageError() {
        assertThatThrownBy(() -> run("Patch", "mesher", "Mesh"))
                .hasMessage("session s1 has no service 'mesher'; its services: compute, kriging");
        assertThatThrownBy(() -> run("Patch", "compute", "Shape.Ball"))
                .hasMessage("service compute has no command 'Shape.Ball'; its commands: Work.Slow, Shape.Box,"
                        + " Mesh.Of, Load.Step");
        assertThatThrownBy(() -> run("Patch", "compute", "Shape.Box", "--set", "size=1", "--detach"))
                .hasMessage("--detach is for jobs; Shape.Box answers at once (it is not a job)");
    }
}
