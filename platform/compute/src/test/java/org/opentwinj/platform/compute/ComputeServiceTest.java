package org.opentwinj.platform.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.compute.job.JobRunner;
import org.opentwinj.platform.compute.job.ThrottledReports;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandReply;
import org.opentwinj.platform.session.CommandRequest;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ComputeReply;
import org.opentwinj.platform.session.ComputeRequest;
import org.opentwinj.platform.session.JobRequest;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.transport.action.Caller;

class ComputeServiceTest {
    private static final Caller ALICE =
            Caller.user("alice", Set.of(), "token-alice").via("CN=relay");
    private static final Caller MODEL = Caller.service("CN=model.s-1");

    private final FakeModel model = new FakeModel();
    private final List<JobView> reported = new CopyOnWriteArrayList<>();
    private final AtomicInteger handled = new AtomicInteger();
    private ComputeService service;

    private static CommandSpec spec(String name, boolean job, Param... params) {
        return new CommandSpec(
                name,
                name + " title",
                "Test",
                "Make",
                List.of(params).stream().map(Param::build).toList(),
                job,
                "result",
                null);
    }

    private ComputeService service(ComputeCommand... commands) {
        ThrottledReports reports = new ThrottledReports(
                reported::add, (delay, task) -> Thread.ofVirtual().start(task), Clock.systemUTC());
        service = new ComputeService(
                "compute-test",
                List.of(commands),
                model,
                saver -> new JobRunner("compute-test", saver, reports, Clock.systemUTC(), 1, 10));
        return service;
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.jobs().close();
        }
    }

    private ComputeCommand make(boolean job) {
        return new ComputeCommand(
                spec(
                        "Signal.Make",
                        job,
                        Param.number("amplitude", "Amplitude").unit("V").between(0, 10),
                        Param.integer("samples", "Samples").between(2, 100).byDefault(8)),
                (params, inputs, progress) -> {
                    handled.incrementAndGet();
                    String text = params.number("amplitude") + "x" + params.integer("samples");
                    return Outputs.of(Output.of("result", "signal", text.getBytes(StandardCharsets.UTF_8)));
                });
    }

    @Test
    void invalidParametersAreRefusedNamingTheParameterAndRuleBeforeAnyWork() {
        service(make(true));
        assertThatThrownBy(() -> service.run(
                        new CommandRequest(
                                "Signal.Make", Map.of("amplitude", Json.mapper().valueToTree(11.0))),
                        ALICE))
                .isInstanceOf(PublicException.class)
                .satisfies(e -> assertThat(((PublicException) e).status()).isEqualTo(400))
                .hasMessageContaining("'amplitude'")
                .hasMessageContaining("10");
        assertThatThrownBy(() -> service.run(
                        new CommandRequest(
                                "Signal.Make",
                                Map.of("amplitude", IntNode.valueOf(1), "colour", TextNode.valueOf("red"))),
                        ALICE))
                .hasMessageContaining("unknown parameter 'colour'");
        assertThatThrownBy(() -> service.run(new CommandRequest("Signal.Make", Map.of()), ALICE))
                .hasMessageContaining("'amplitude' is required");
        assertThat(handled).hasValue(0);
        assertThat(reported).isEmpty();
        assertThat(model.saves).isEmpty();
    }

    @Test
    void unknownCommandsAndCallersWithoutAUserAreRefused() {
        service(make(true));
        assertThatThrownBy(() -> service.run(new CommandRequest("Signal.Nope", Map.of()), ALICE))
                .isInstanceOf(PublicException.class)
                .hasMessageContaining("has no command Signal.Nope; its commands are Signal.Make")
                .satisfies(e -> assertThat(((PublicException) e).status()).isEqualTo(404));
        assertThatThrownBy(() ->
                        service.run(new CommandRequest("Signal.Make", Map.of("amplitude", IntNode.valueOf(1))), MODEL))
                .satisfies(e -> assertThat(((PublicException) e).status()).isEqualTo(403));
    }

    @Test
    void aJobCommandAnswersWithTheJobAndSavesItsOutputsOnceAtTheEndForTheJobWithoutTheUsersToken() throws Exception {
        service(make(true));
        CommandReply reply =
                service.run(new CommandRequest("Signal.Make", Map.of("amplitude", IntNode.valueOf(2))), ALICE);
        assertThat(reply.job()).isNotBlank();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> reported.stream().anyMatch(j -> j.id().equals(reply.job()) && j.state() == JobState.DONE));

        assertThat(model.saves).hasSize(1);
        FakeModel.Save save = model.saves.getFirst();
        // The job may outlive the token: the Model takes the author from its job board.
        assertThat(save.token()).isNull();
        assertThat(save.job()).isEqualTo(reply.job());
        assertThat(save.message()).isEqualTo("Signal.Make title");
        JsonNode put = save.puts().getFirst();
        // The default of 'samples' is applied and kept as a typed property.
        assertThat(put.path("properties").path("samples").asInt()).isEqualTo(8);
        assertThat(put.path("origin").path("command").asText()).isEqualTo("Signal.Make");
        assertThat(new String(model.staged(put.path("stagedData").asText()), StandardCharsets.UTF_8))
                .isEqualTo("2.0x8");
        JobView done = reported.stream()
                .filter(j -> j.state() == JobState.DONE)
                .findFirst()
                .orElseThrow();
        assertThat(done.version()).isEqualTo(save.version());
        assertThat(done.user()).isEqualTo("alice");
    }

    @Test
    void anImmediateCommandSavesAtOnceAndAnswersTheVersionAndEntities() throws Exception {
        service(make(false));
        CommandReply reply =
                service.run(new CommandRequest("Signal.Make", Map.of("amplitude", IntNode.valueOf(3))), ALICE);
        assertThat(reply.job()).isNull();
        assertThat(reply.version()).isEqualTo(1L);
        assertThat(reply.entities()).hasSize(1);
        assertThat(model.data(reply.entities().getFirst(), null)).asString().isEqualTo("3.0x8");
    }

    @Test
    void computeReturnsTheOutputsAsPutsKeepingTheEntityIdAndSavesNothing() throws Exception {
        ComputeCommand scale = new ComputeCommand(
                spec(
                        "Signal.Scale",
                        false,
                        Param.entity("signal", "Signal", "result"),
                        Param.number("factor", "Factor")),
                (params, inputs, progress) -> {
                    String source = new String(inputs.data(params.entity("signal")), StandardCharsets.UTF_8);
                    return Outputs.of(Output.of(
                            "result",
                            "scaled",
                            (source + "*" + params.number("factor")).getBytes(StandardCharsets.UTF_8)));
                });
        service(make(false), scale);
        // The update rebuilt 'sig' first: its new payload was staged by this service.
        ComputeReply first = service.compute(
                new ComputeRequest("Signal.Make", Map.of("amplitude", IntNode.valueOf(5)), "sig", 1, Map.of(), "alice"),
                MODEL);
        JsonNode rebuiltSignal = first.put().getFirst();
        assertThat(rebuiltSignal.path("id").asText()).isEqualTo("sig");
        model.add("scaled-1", "result", "old".getBytes(StandardCharsets.UTF_8));
        model.add("sig", "result", "stale".getBytes(StandardCharsets.UTF_8));

        ComputeReply second = service.compute(
                new ComputeRequest(
                        "Signal.Scale",
                        Map.of("signal", TextNode.valueOf("sig"), "factor", IntNode.valueOf(2)),
                        "scaled-1",
                        1,
                        Map.of("sig", rebuiltSignal),
                        "alice"),
                MODEL);
        JsonNode put = second.put().getFirst();
        assertThat(put.path("id").asText()).isEqualTo("scaled-1");
        assertThat(put.path("origin").path("inputs").get(0).asText()).isEqualTo("sig");
        assertThat(model.staged(put.path("stagedData").asText())).asString().isEqualTo("5.0x8*2.0");
        assertThat(model.saves).isEmpty();
        // Only the Model may ask for it: not a user, not a user's message forwarded by the relay.
        assertThatThrownBy(() -> service.compute(
                        new ComputeRequest(
                                "Signal.Make", Map.of("amplitude", IntNode.valueOf(5)), "sig", 1, Map.of(), "alice"),
                        ALICE))
                .satisfies(e -> assertThat(((PublicException) e).status()).isEqualTo(403));
        assertThatThrownBy(() -> service.compute(
                        new ComputeRequest(
                                "Signal.Make", Map.of("amplitude", IntNode.valueOf(5)), "sig", 1, Map.of(), "alice"),
                        Caller.user("alice", Set.of(), "t")))
                .satisfies(e -> assertThat(((PublicException) e).status()).isEqualTo(403));
    }

    @Test
    void anImmediateCommandSavesWithTheUsersToken() throws Exception {
        service(make(false));
        service.run(new CommandRequest("Signal.Make", Map.of("amplitude", IntNode.valueOf(3))), ALICE);
        assertThat(model.saves.getFirst().token()).isEqualTo("token-alice");
        assertThat(model.saves.getFirst().job()).isNull();
    }

    @Test
    void computeReadsAnInputAnotherServiceRebuiltInTheUpdateFromTheModelsStagingArea() throws Exception {
        ComputeCommand scale = new ComputeCommand(
                spec("Signal.Scale", false, Param.entity("signal", "Signal", "result"), Param.number("factor", "F")),
                (params, inputs, progress) -> {
                    String source = new String(inputs.data(params.entity("signal")), StandardCharsets.UTF_8);
                    return Outputs.of(Output.of(
                            "result",
                            "scaled",
                            (source + "*" + params.number("factor")).getBytes(StandardCharsets.UTF_8)));
                });
        service(scale);
        model.add("sig", "result", "stale".getBytes(StandardCharsets.UTF_8));
        model.add("scaled-1", "result", "old".getBytes(StandardCharsets.UTF_8));
        // Another service rebuilt 'sig' earlier in the update: it staged the new payload at the
        // Model, and this service never saw it.
        String upload = model.stage("from the other service".getBytes(StandardCharsets.UTF_8));
        JsonNode rebuiltSignal = Json.object()
                .put("id", "sig")
                .put("type", "result")
                .put("name", "sig")
                .put("stagedData", upload);

        ComputeReply reply = service.compute(
                new ComputeRequest(
                        "Signal.Scale",
                        Map.of("signal", TextNode.valueOf("sig"), "factor", IntNode.valueOf(3)),
                        "scaled-1",
                        1,
                        Map.of("sig", rebuiltSignal),
                        "alice"),
                MODEL);
        JsonNode put = reply.put().getFirst();
        assertThat(model.staged(put.path("stagedData").asText())).asString().isEqualTo("from the other service*3.0");

        // A rebuilt input without a new payload keeps the one it has at the update's version.
        ComputeReply kept = service.compute(
                new ComputeRequest(
                        "Signal.Scale",
                        Map.of("signal", TextNode.valueOf("sig"), "factor", IntNode.valueOf(2)),
                        "scaled-1",
                        1,
                        Map.of("sig", Json.object().put("id", "sig").put("type", "result")),
                        "alice"),
                MODEL);
        assertThat(model.staged(kept.put().getFirst().path("stagedData").asText()))
                .asString()
                .isEqualTo("stale*2.0");
    }

    @Test
    void jobsAreCancelledThroughTheModelOnly() throws Exception {
        ComputeCommand slow = new ComputeCommand(spec("Work.Slow", true), (params, inputs, progress) -> {
            while (true) {
                progress.checkCancelled();
                Thread.sleep(5);
            }
        });
        service(slow);
        String job =
                service.run(new CommandRequest("Work.Slow", Map.of()), ALICE).job();
        assertThatThrownBy(() -> service.cancel(new JobRequest(job), ALICE))
                .isInstanceOf(PublicException.class)
                .hasMessageContaining("cancel a job with Job.Cancel at the Model service");
        service.cancel(new JobRequest(job), Caller.user("bob", Set.of(), "t").via("CN=model.s-1"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> reported.stream().anyMatch(j -> j.id().equals(job) && j.state() == JobState.CANCELLED));
        assertThat(reported.getLast().reason()).isEqualTo("cancelled by bob");
    }

    @Test
    void anEntityParameterMustNameAnEntityOfAnAllowedType() {
        ComputeCommand scale = new ComputeCommand(
                spec("Signal.Scale", true, Param.entity("signal", "Signal", "result")),
                (params, inputs, progress) -> Outputs.none());
        service(scale);
        model.add("folder-1", "folder", null);
        assertThatThrownBy(() -> service.run(
                        new CommandRequest("Signal.Scale", Map.of("signal", TextNode.valueOf("folder-1"))), ALICE))
                .hasMessageContaining("'signal'");
        assertThatThrownBy(() -> service.run(
                        new CommandRequest("Signal.Scale", Map.of("signal", TextNode.valueOf("missing"))), ALICE))
                .hasMessageContaining("'signal'");
    }

    @Test
    void theCatalogueListsTheCommandsAndInvalidSpecsOrDuplicateNamesAreRefusedAtStart() {
        service(make(true));
        assertThat(service.catalogue().service()).isEqualTo("compute-test");
        assertThat(service.catalogue().commands()).extracting(CommandSpec::name).containsExactly("Signal.Make");
        assertThatThrownBy(() -> new ComputeService("x", List.of(make(true), make(false)), model, saver -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two commands are named Signal.Make");
        ComputeCommand badChoice =
                new ComputeCommand(spec("Bad", false, Param.choice("window", "Window")), (p, i, pr) -> Outputs.none());
        assertThatThrownBy(() -> new ComputeService("x", List.of(badChoice), model, saver -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
