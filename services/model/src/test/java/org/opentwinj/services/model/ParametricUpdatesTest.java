package org.opentwinj.services.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentwinj.services.model.SessionFixture.COMPUTE;
import static org.opentwinj.services.model.SessionFixture.SESSION;
import static org.opentwinj.services.model.SessionFixture.ok;
import static org.opentwinj.services.model.SessionFixture.refused;
import static org.opentwinj.services.model.TypedPropertiesTest.box;
import static org.opentwinj.services.model.TypedPropertiesTest.derived;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ComputeReply;
import org.opentwinj.platform.session.ComputeRequest;
import org.opentwinj.platform.session.JobEvent;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.services.model.archive.ModelArchive;
import org.opentwinj.services.model.save.EntityPut;
import org.opentwinj.services.model.save.SaveRequest;

/**
 * {@code Model.SetProperties}: an edit checked before anything; an entity without origin saved
 * at once; one with an origin rebuilt with everything made from it by a scripted compute
 * service over HTTPS, in dependency order, in one version.
 */
class ParametricUpdatesTest {
    private static final String COMPUTE_CN = "CN=" + COMPUTE + "." + SESSION;

    @TempDir
    static Path exports;

    private final SessionFixture session = new SessionFixture(exports);
    /** Shape.Scale waits here for the entity named by this id, when set. */
    private final Map<String, CountDownLatch> gates = new HashMap<>();

    @AfterEach
    void close() {
        session.close();
    }

    /**
     * Shape.Box stages "box SIZE" as its payload; Shape.Scale multiplies its source's size (or
     * result) by its factor, and makes its payload from the source's, read back from the
     * update's staged upload when the source was rebuilt in it.
     */
    @BeforeEach
    void script() {
        session.compute.commands.put("Shape.Box", request -> {
            String upload = stage("box " + request.params().get("size").asText());
            ObjectNode put = Json.object().put("id", request.entity()).put("stagedData", upload);
            put.set("properties", Json.mapper().valueToTree(request.params()));
            return new ComputeReply(List.of(put));
        });
        session.compute.commands.put("Shape.Scale", request -> {
            CountDownLatch gate = gates.get(request.entity());
            if (gate != null) {
                await(gate);
            }
            String source = request.params().get("source").asText();
            JsonNode input = request.inputs().get(source);
            JsonNode sourceProperties = input == null
                    ? session.model().entity(source, request.version()).properties()
                    : input.path("properties");
            double size = sourceProperties.has("result")
                    ? sourceProperties.path("result").asDouble()
                    : sourceProperties.path("size").asDouble();
            ObjectNode properties = Json.mapper().valueToTree(request.params());
            properties.put("result", size * request.params().get("factor").asInt());
            String payload = "scaled("
                    + (input == null
                            ? "stored"
                            : readStaged(input.path("stagedData").asText())) + ")";
            ObjectNode put = Json.object().put("id", request.entity()).put("stagedData", stage(payload));
            put.set("properties", properties);
            return new ComputeReply(List.of(put));
        });
    }

    private static void await(CountDownLatch gate) {
        try {
            if (!gate.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not open the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stages a payload as the compute service does: Model.StageData with its own certificate. */
    private String stage(String text) {
        return ok(session.asService(
                        COMPUTE_CN,
                        "Model.StageData",
                        "data",
                        Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))))
                .path("upload")
                .asText();
    }

    private String readStaged(String upload) {
        JsonNode read = ok(session.asService(COMPUTE_CN, "Model.ReadData", "upload", upload));
        return new String(Base64.getDecoder().decode(read.path("data").asText()), StandardCharsets.UTF_8);
    }

    private String data(String id) {
        JsonNode read = ok(session.asUser("bob", "Model.ReadData", "id", id));
        return new String(Base64.getDecoder().decode(read.path("data").asText()), StandardCharsets.UTF_8);
    }

    /** Version 1: Box (size 2) -> Scaled (x3) -> Twice (x2), and an untyped folder. */
    private void model() {
        Map<String, Object> boxPut = box(2);
        boxPut.put("data", Base64.getEncoder().encodeToString("box 2".getBytes(StandardCharsets.UTF_8)));
        ok(session.asUser(
                "carol",
                "Model.Save",
                "expectedVersion",
                0,
                "put",
                List.of(
                        boxPut,
                        derived("scaled", "Scaled", "box", 3),
                        derived("twice", "Twice", "scaled", 2),
                        Map.of(
                                "id",
                                "notes",
                                "type",
                                "folder",
                                "name",
                                "Notes",
                                "properties",
                                Map.of("a", 1, "b", 2)))));
    }

    private JsonNode edit(String user, String id, Map<String, Object> properties) {
        return ok(session.asUser(user, "Model.SetProperties", "id", id, "properties", properties));
    }

    private List<String> computedEntities() {
        return new ArrayList<>(
                session.compute.computed.stream().map(ComputeRequest::entity).toList());
    }

    @Test
    void anEntityWithoutOriginIsSavedAtOnce() {
        model();
        JsonNode reply = edit("carol", "notes", Map.of("a", 5, "c", "new"));
        assertThat(reply.path("version").asLong()).isEqualTo(2);
        assertThat(reply.has("job")).isFalse();
        assertThat(session.model().entity("notes", null).properties())
                .isEqualTo(Json.mapper().valueToTree(Map.of("a", 5, "b", 2, "c", "new")));
        assertThat(session.compute.computed).isEmpty();
        assertThat(session.announced)
                .anySatisfy(event -> assertThat(event.toString()).contains("model.changed"));
        ObjectNode remove = Json.object().putNull("b");
        ok(session.asUser("carol", "Model.SetProperties", "id", "notes", "properties", remove, "expectedVersion", 2));
        assertThat(session.model().entity("notes", null).properties().has("b")).isFalse();
    }

    @Test
    void anEditItsTypesRefuseIsRefusedBeforeAnythingHappens() {
        model();
        session.announced.clear();
        assertThat(refused(
                        session.asUser("carol", "Model.SetProperties", "id", "box", "properties", Map.of("size", 0)),
                        400))
                .isEqualTo("entity 'Box' (box): parameter 'size' must be a number from 1 to 100 (mm); got 0");
        assertThat(refused(
                        session.asUser("carol", "Model.SetProperties", "id", "box", "properties", Map.of("colour", 1)),
                        400))
                .isEqualTo("entity 'Box' (box): unknown parameter 'colour'; the parameters are size, material");
        assertThat(refused(
                        session.asUser(
                                "carol", "Model.SetProperties", "id", "scaled", "properties", Map.of("source", "nope")),
                        400))
                .isEqualTo("entity 'Scaled' (scaled): parameter 'source' must name an entity; the model has no entity"
                        + " 'nope'");
        assertThat(refused(
                        session.asUser(
                                "carol",
                                "Model.SetProperties",
                                "id",
                                "box",
                                "properties",
                                Map.of("size", 5),
                                "expectedVersion",
                                7),
                        409))
                .startsWith("the model is at version 1, not 7");
        assertThat(session.asUser("carol", "Model.SetProperties", "id", "ghost", "properties", Map.of("size", 5))
                        .httpStatus())
                .isEqualTo(404);
        assertThat(session.asUser("bob", "Model.SetProperties", "id", "box", "properties", Map.of("size", 5))
                        .httpStatus())
                .isEqualTo(403);
        assertThat(session.model().head().version()).isEqualTo(1);
        assertThat(session.board.list(true, null)).isEmpty();
        assertThat(session.compute.computed).isEmpty();
        assertThat(session.announced).isEmpty();
    }

    @Test
    void anEditReRunsTheEntityAndEverythingMadeFromItInOrderAndSavesOneVersionThatUndoTakesBack() {
        model();
        JsonNode reply = edit("carol", "box", Map.of("size", 5));
        JobView started = Json.mapper().convertValue(reply.path("job"), JobView.class);
        assertThat(started.service()).isEqualTo("model");
        assertThat(started.command()).isEqualTo("Model.SetProperties");
        assertThat(started.title()).isEqualTo("Update Box");
        assertThat(started.user()).isEqualTo("carol");

        JobView done = session.ended(started.id());
        assertThat(done.state()).as("%s", done.reason()).isEqualTo(JobState.DONE);
        assertThat(done.version()).isEqualTo(2L);
        assertThat(computedEntities()).containsExactly("box", "scaled", "twice");
        assertThat(session.compute.callers).allMatch(peer -> peer.contains("CN=model." + SESSION));
        ComputeRequest scaledStep = session.compute.computed.get(1);
        assertThat(scaledStep.command()).isEqualTo("Shape.Scale");
        assertThat(scaledStep.version()).isEqualTo(1);
        assertThat(scaledStep.user()).isEqualTo("carol");
        assertThat(scaledStep.inputs()).containsOnlyKeys("box");
        assertThat(scaledStep
                        .inputs()
                        .get("box")
                        .path("properties")
                        .path("size")
                        .asInt())
                .isEqualTo(5);
        assertThat(session.compute.computed.get(2).inputs()).containsOnlyKeys("box", "scaled");

        ProjectModel model = session.model();
        assertThat(model.head().version()).isEqualTo(2);
        assertThat(model.stateStore().count()).isEqualTo(2);
        assertThat(model.entity("box", null).properties().path("size").asInt()).isEqualTo(5);
        assertThat(model.entity("box", null).properties().path("material").asText())
                .isEqualTo("pec");
        assertThat(model.entity("scaled", null).properties().path("result").asDouble())
                .isEqualTo(15);
        assertThat(model.entity("twice", null).properties().path("result").asDouble())
                .isEqualTo(30);
        assertThat(model.entity("twice", null).origin())
                .isEqualTo(model.entity("twice", 1L).origin());
        assertThat(model.entity("twice", null).name()).isEqualTo("Twice");
        assertThat(model.entity("notes", null).version()).isEqualTo(1);
        assertThat(data("box")).isEqualTo("box 5");
        assertThat(data("scaled")).isEqualTo("scaled(box 5)");
        assertThat(data("twice")).isEqualTo("scaled(scaled(box 5))");
        assertThat(model.history(null, 1).getFirst().message())
                .isEqualTo("update Box: set size; rebuilt 2 derived entities");
        assertThat(session.announced)
                .filteredOn(JobEvent.class::isInstance)
                .extracting(event -> ((JobEvent) event).job().state())
                .startsWith(JobState.QUEUED, JobState.RUNNING)
                .endsWith(JobState.DONE);
        assertThat(session.announced)
                .anySatisfy(event -> assertThat(event.toString()).contains("model.changed"));

        ok(session.asUser("carol", "Model.Undo"));
        assertThat(model.head().version()).isEqualTo(1);
        assertThat(model.entity("box", null).properties().path("size").asInt()).isEqualTo(2);
        assertThat(model.entity("scaled", null).properties().has("result")).isFalse();
        assertThat(model.entity("twice", null).properties().has("result")).isFalse();
        assertThat(data("box")).isEqualTo("box 2");
    }

    @Test
    void aStepOfAnotherServiceReadsTheNewPayloadOfAnInputAnEarlierStepRebuilt() {
        model();
        String twoCn = "CN=compute-two." + SESSION;
        try (ScriptedCompute two = new ScriptedCompute(session.tls("compute-two." + SESSION))) {
            session.running.put("compute-two", two.url());
            two.commands.put("Shape.Scale", request -> {
                // The update names the staged upload of Box's new payload; the Model serves it
                // to any service of the session before it is saved.
                String upload = request.inputs().get("box").path("stagedData").asText();
                JsonNode read = ok(session.asService(twoCn, "Model.ReadData", "upload", upload));
                String source =
                        new String(Base64.getDecoder().decode(read.path("data").asText()), StandardCharsets.UTF_8);
                String staged = ok(session.asService(
                                twoCn,
                                "Model.StageData",
                                "data",
                                Base64.getEncoder()
                                        .encodeToString(("other(" + source + ")").getBytes(StandardCharsets.UTF_8))))
                        .path("upload")
                        .asText();
                return new ComputeReply(
                        List.of(Json.object().put("id", request.entity()).put("stagedData", staged)));
            });
            Map<String, Object> other = derived("other", "Other", "box", 4);
            other.put("origin", Map.of("service", "compute-two", "command", "Shape.Scale", "inputs", List.of("box")));
            ok(session.asUser("carol", "Model.Save", "expectedVersion", 1, "put", List.of(other)));

            JobView done = session.ended(edit("carol", "box", Map.of("size", 7))
                    .path("job")
                    .path("id")
                    .asText());
            assertThat(done.state()).as("%s", done.reason()).isEqualTo(JobState.DONE);
            assertThat(two.computed)
                    .singleElement()
                    .satisfies(step -> assertThat(
                                    step.inputs().get("box").path("stagedData").asText())
                            .isNotBlank());
            assertThat(data("other")).isEqualTo("other(box 7)");
            assertThat(data("scaled")).isEqualTo("scaled(box 7)");
        }
    }

    @Test
    void editingADerivedEntityReRunsOnlyWhatDependsOnIt() {
        model();
        JobView done = session.ended(edit("carol", "scaled", Map.of("factor", 10))
                .path("job")
                .path("id")
                .asText());
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(computedEntities()).containsExactly("scaled", "twice");
        // Box was not rebuilt: Scaled read it as stored.
        assertThat(data("scaled")).isEqualTo("scaled(stored)");
        assertThat(session.model()
                        .entity("twice", null)
                        .properties()
                        .path("result")
                        .asDouble())
                .isEqualTo(40);
    }

    @Test
    void aCycleAnImportedArchiveBroughtFailsTheJobAndSavesNothing() throws Exception {
        // Saves refuse origin cycles (OriginCyclesTest), archives are taken as they are: one made
        // from a model saved before that check may hold a cycle, which the update still reports.
        ProjectModel other =
                new ProjectModel(session.connection.database(), "p-2", ModelOptions.DEFAULTS, session.clock).open();
        List<EntityPut> puts = new ArrayList<>();
        for (Map<String, Object> put : List.of(box(2), derived("a", "A", "box", 2), derived("b", "B", "a", 2))) {
            puts.add(Json.mapper().convertValue(put, EntityPut.class));
        }
        other.save("carol", new SaveRequest(0, "a chain", puts, null));
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        ModelArchive.export(other, archive);
        ModelArchive.importInto(session.model(), new ByteArrayInputStream(madeFromEachOther(archive.toByteArray())));
        assertThat(session.model().entity("a", null).origin().inputs()).containsExactly("b");

        JobView failed = session.ended(
                edit("carol", "a", Map.of("factor", 3)).path("job").path("id").asText());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.reason())
                .isEqualTo("the entities form a cycle, so none can be brought up to date: 'A' is made from 'B', 'B'"
                        + " from 'A'");
        assertThat(session.model().head().version()).isEqualTo(1);
        assertThat(session.compute.computed).isEmpty();
    }

    /** The archive with entity a made from b (which is made from a). */
    private static byte[] madeFromEachOther(byte[] archive) throws IOException {
        ByteArrayOutputStream changed = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive));
                ZipOutputStream out = new ZipOutputStream(changed)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("entities.jsonl")) {
                    StringBuilder lines = new StringBuilder();
                    for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                        ObjectNode entity = (ObjectNode) Json.mapper().readTree(line);
                        if (entity.path("id").asText().equals("a")) {
                            ((ObjectNode) entity.path("origin"))
                                    .set("inputs", Json.mapper().valueToTree(List.of("b")));
                            ((ObjectNode) entity.path("properties")).put("source", "b");
                        }
                        lines.append(Json.mapper().writeValueAsString(entity)).append('\n');
                    }
                    content = lines.toString().getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        return changed.toByteArray();
    }

    @Test
    void aFailingStepFailsTheJobSavesNothingAndDropsWhatEarlierStepsStaged() {
        model();
        List<String> staged = new ArrayList<>();
        var box = session.compute.commands.get("Shape.Box");
        session.compute.commands.put("Shape.Box", request -> {
            ComputeReply reply = box.apply(request);
            staged.add(reply.put().getFirst().path("stagedData").asText());
            return reply;
        });
        session.compute.commands.put("Shape.Scale", request -> {
            if (request.entity().equals("twice")) {
                throw new PublicException(422, "factor 2 is too large for this mesh");
            }
            return new ComputeReply(List.of(Json.object().put("id", request.entity())));
        });
        JobView failed = session.ended(
                edit("carol", "box", Map.of("size", 7)).path("job").path("id").asText());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.reason())
                .isEqualTo("rebuilding Twice failed at compute-test: factor 2 is too large for this mesh; nothing was"
                        + " saved");
        assertThat(session.model().head().version()).isEqualTo(1);
        assertThat(session.model().entity("box", null).properties().path("size").asInt())
                .isEqualTo(2);
        assertThat(staged).hasSize(1);
        assertThat(refused(session.asService(COMPUTE_CN, "Model.ReadData", "upload", staged.getFirst()), 404))
                .isEqualTo("no staged upload '" + staged.getFirst() + "'");
    }

    @Test
    void anOutputTheSaveRefusesFailsTheJobWithTheSavesReason() {
        model();
        session.compute.commands.put(
                "Shape.Box",
                request -> new ComputeReply(List.of(Json.object()
                        .put("id", "box")
                        .set("properties", Json.mapper().valueToTree(Map.of("size", 500))))));
        session.compute.commands.put(
                "Shape.Scale", request -> new ComputeReply(List.of(Json.object().put("id", request.entity()))));
        JobView failed = session.ended(
                edit("carol", "box", Map.of("size", 9)).path("job").path("id").asText());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.reason())
                .isEqualTo("entity 'Box' (box): parameter 'size' must be a number from 1 to 100 (mm); got 500");
        assertThat(session.model().head().version()).isEqualTo(1);
    }

    @Test
    void anOriginServiceThatIsNotRunningIsStartedOnDemand() {
        model();
        session.startable.put(COMPUTE, session.running.remove(COMPUTE));
        JobView done = session.ended(
                edit("carol", "box", Map.of("size", 3)).path("job").path("id").asText());
        assertThat(done.state()).as("%s", done.reason()).isEqualTo(JobState.DONE);
        assertThat(session.demanded).containsExactly(COMPUTE);

        session.running.clear();
        session.startable.clear();
        JobView failed = session.ended(
                edit("carol", "box", Map.of("size", 4)).path("job").path("id").asText());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.reason()).isEqualTo("the session has no service compute-test");
        assertThat(session.model().head().version()).isEqualTo(2);
    }

    @Test
    void aCancelledUpdateStopsBeforeItsNextStepAndSavesNothing() {
        model();
        CountDownLatch gate = new CountDownLatch(1);
        gates.put("scaled", gate);
        String id =
                edit("carol", "box", Map.of("size", 8)).path("job").path("id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> computedEntities().contains("scaled"));
        JsonNode asked = ok(session.asUser("carol", "Job.Cancel", "job", id));
        assertThat(asked.path("message").asText()).isEqualTo("cancelling (asked by carol)");
        gate.countDown();
        JobView cancelled = session.ended(id);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo("cancelled by carol");
        assertThat(computedEntities()).containsExactly("box", "scaled");
        assertThat(session.model().head().version()).isEqualTo(1);
        assertThat(session.compute.cancels).isEmpty();
    }

    @Test
    void anUpdateUnderWayWhenTheModelRestartedFailsAndSavesNothing() {
        model();
        CountDownLatch gate = new CountDownLatch(1);
        gates.put("scaled", gate);
        String id =
                edit("carol", "box", Map.of("size", 8)).path("job").path("id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> computedEntities().contains("scaled"));
        session.restart();
        JsonNode failed = ok(session.asUser("bob", "Job.Get", "job", id));
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("reason").asText())
                .isEqualTo("the Model service restarted while the update ran; nothing was saved");
        assertThat(refused(session.asUser("carol", "Job.Cancel", "job", id), 409))
                .isEqualTo("job " + id + " has ended (failed): nothing to cancel");
        // What the old process would still do stops at the board: the job has ended.
        gate.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !session.updatesRunning());
        assertThat(session.model().head().version()).isEqualTo(1);
        assertThat(computedEntities()).containsExactly("box", "scaled");
    }

    @Test
    void readDataReadsAStagedUploadInParts() {
        String upload = stage("0123456789");
        JsonNode part = ok(session.asService(COMPUTE_CN, "Model.ReadData", "upload", upload, "offset", 4, "length", 3));
        assertThat(new String(Base64.getDecoder().decode(part.path("data").asText()), StandardCharsets.UTF_8))
                .isEqualTo("456");
        assertThat(part.path("size").asLong()).isEqualTo(10);
        assertThat(part.path("eof").asBoolean()).isFalse();
        JsonNode rest = ok(session.asService(COMPUTE_CN, "Model.ReadData", "upload", upload, "offset", 7));
        assertThat(rest.path("eof").asBoolean()).isTrue();
        assertThat(refused(session.asService(COMPUTE_CN, "Model.ReadData"), 400))
                .isEqualTo("Model.ReadData reads an entity's data (id) or a staged upload (upload): give one");
    }
}
