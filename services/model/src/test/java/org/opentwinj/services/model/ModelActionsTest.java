package org.opentwinj.services.model;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.testing.TestClock;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.action.Reply;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.model.access.ProjectAccess;
import org.opentwinj.services.model.jobs.JobBoard;
import org.opentwinj.services.model.jobs.JobSaves;
import org.opentwinj.services.model.peers.SessionServices;
import org.opentwinj.services.model.rerun.ParametricUpdates;
import org.slf4j.LoggerFactory;

/**
 * The Model service's actions in-process, as the relay and session services call them: over
 * mutual TLS, with a user's token or as one of the session's services.
 */
class ModelActionsTest {
    private static final String SESSION = "s-1";

    @TempDir
    Path exports;

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final DatabaseConnection connection;
    private final TestClock clock = new TestClock();
    private final Map<String, String> rights = Map.of("alice", "owner", "bob", "read", "carol", "write");
    private final List<Object> announced = Collections.synchronizedList(new ArrayList<>());
    private final List<String> deletedFromCatalog = new ArrayList<>();
    private final AtomicReference<ProjectModel> current = new AtomicReference<>();
    private final ActionRegistry registry = new ActionRegistry();
    private final ServiceClient client = new ServiceClient(trustNothing(), ClientOptions.DEFAULT);

    ModelActionsTest() {
        InetSocketAddress address = server.bind();
        connection = DatabaseConnection.open(
                "mongodb://" + address.getHostString() + ":" + address.getPort() + "/test", Duration.ofSeconds(5));
    }

    @org.junit.jupiter.api.BeforeEach
    void wire() {
        registry.tokenVerifier(
                token -> Caller.user(token, token.equals("root") ? Set.of("admin") : Set.of("user"), token));
        current.set(new ProjectModel(connection.database(), "p-1", ModelOptions.DEFAULTS, clock).open());
        ProjectAccess access = new ProjectAccess((project, user) -> rights.getOrDefault(user, "none"), SESSION, clock);
        Supplier<JobBoard> board = () -> new JobBoard(current.get().jobStore(), announced::add, clock);
        ModelActions actions = new ModelActions(
                current::get,
                access,
                exports,
                announced::add,
                (project, call) ->
                        deletedFromCatalog.add(project + " by " + call.caller().user()),
                new JobSaves(board, access, SESSION));
        // No entity here has an origin: SetProperties saves at once and calls no service.
        actions.register(
                registry, new ParametricUpdates(board, SessionServices.none(), client, Runnable::run, actions::saved));
    }

    private static SSLContext trustNothing() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        client.close();
        connection.close();
        server.shutdownNow();
    }

    /** A call through the relay on a user's behalf. */
    private Reply asUser(String user, String action, Object... fields) {
        return registry.dispatch(Channel.MUTUAL_TLS, body(action, fields), "CN=relay", user);
    }

    /** A call from a service with the given certificate subject. */
    private Reply asService(String subject, String action, Object... fields) {
        return registry.dispatch(Channel.MUTUAL_TLS, body(action, fields), subject, null);
    }

    private static byte[] body(String action, Object... fields) {
        ObjectNode body = Json.object().put("action", action);
        for (int i = 0; i < fields.length; i += 2) {
            body.set((String) fields[i], Json.mapper().valueToTree(fields[i + 1]));
        }
        return Json.writeBytes(body);
    }

    private static JsonNode ok(Reply reply) {
        assertThat(reply.isSuccess()).as("%s", reply.body()).isTrue();
        return reply.body().path("result");
    }

    private static Map<String, Object> entity(String id, String type, String name) {
        return Map.of("id", id, "type", type, "name", name);
    }

    @Test
    void rightsComeFromTheProjectAccess() {
        assertThat(ok(asUser(
                                "alice",
                                "Model.Save",
                                "expectedVersion",
                                0,
                                "put",
                                List.of(entity("root", "folder", "Root"))))
                        .path("version")
                        .asInt())
                .isEqualTo(1);
        assertThat(ok(asUser("bob", "Model.Entities")).findValuesAsText("name")).containsExactly("Root");
        Reply bobSaves = asUser("bob", "Model.Save", "expectedVersion", 1, "put", List.of(entity("x", "folder", "X")));
        assertThat(bobSaves.httpStatus()).isEqualTo(403);
        assertThat(bobSaves.body().path("reason").asText())
                .isEqualTo("you have read access to this project; this needs write access: ask its owner to share it"
                        + " with you for writing");
        assertThat(asUser("mallory", "Model.Entities").httpStatus()).isEqualTo(403);
        assertThat(asUser("carol", "Model.DeleteProject").httpStatus()).isEqualTo(403);

        // The session's own services write without a user; other services are refused.
        assertThat(ok(asService(
                                "CN=mesh." + SESSION,
                                "Model.Save",
                                "expectedVersion",
                                1,
                                "put",
                                List.of(entity("grid", "mesh", "Grid"))))
                        .path("version")
                        .asInt())
                .isEqualTo(2);
        assertThat(asService("CN=mesh.other-session", "Model.Entities").httpStatus())
                .isEqualTo(403);
        JsonNode history = ok(asUser("bob", "Model.History"));
        assertThat(history.get(0).path("author").asText()).isEqualTo("service mesh." + SESSION);
        assertThat(history.get(1).path("author").asText()).isEqualTo("alice");
    }

    @Test
    void changesAreAnnouncedToTheSessionsClients() {
        ok(asUser("alice", "Model.Save", "expectedVersion", 0, "put", List.of(entity("root", "folder", "Root"))));
        ok(asUser("alice", "Model.Undo"));
        ok(asUser("alice", "Model.Redo"));
        assertThat(announced.stream()
                        .map(event -> String.valueOf(((Map<?, ?>) event).get("what")))
                        .toList())
                .containsExactly("saved", "undone", "redone");
        assertThat(((Map<?, ?>) announced.getLast()).get("version")).isEqualTo(1L);
    }

    @Test
    void everyChangeIsLoggedAtInfoWithWhoWhatAndWhichVersion() {
        // Captures the MDC when the line is logged, not when the test reads it.
        ListAppender<ILoggingEvent> lines = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.prepareForDeferredProcessing();
                super.append(event);
            }
        };
        Logger changeLog = (Logger) LoggerFactory.getLogger(ModelChangeLog.class);
        lines.start();
        changeLog.addAppender(lines);
        try {
            ok(asUser(
                    "carol",
                    "Model.Save",
                    "expectedVersion",
                    0,
                    "message",
                    "start",
                    "put",
                    List.of(entity("root", "folder", "Root"), entity("box", "geometry", "Box"))));
            ok(asUser(
                    "carol",
                    "Model.Save",
                    "expectedVersion",
                    1,
                    "put",
                    List.of(entity("box2", "geometry", "Box 2"), entity("box", "geometry", "Box A")),
                    "delete",
                    List.of("root")));
            ok(asUser("alice", "Model.Undo"));
            ok(asUser("alice", "Model.Redo"));
            ok(asUser("carol", "Model.Checkout", "version", 1));
            ok(asUser("carol", "Model.Label", "version", 1, "label", "baseline"));
            ok(asUser("carol", "Model.Unlabel", "label", "baseline"));
            ok(asService("CN=mesh." + SESSION, "Model.Save", "expectedVersion", 1, "delete", List.of("box")));
            assertThat(asUser("bob", "Model.Undo").httpStatus())
                    .as("refused: not logged")
                    .isEqualTo(403);
            ok(asUser("alice", "Model.DeleteProject"));
        } finally {
            changeLog.detachAppender(lines);
        }
        assertThat(lines.list).allMatch(e -> e.getLevel() == Level.INFO);
        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "carol saved v1 (\"start\"): added entities 'Box', 'Root'",
                        "carol saved v2 on v1: added entity 'Box 2'; changed entity 'Box A'; removed entity 'Root'",
                        "alice undid v2: the model is at v1",
                        "alice redid v2",
                        "carol checked out v1 (was v2); Redo goes to v2",
                        "carol labelled v1 'baseline'",
                        "carol removed the label 'baseline' from v1",
                        "service mesh." + SESSION + " saved v3 on v1: removed entity 'Box'",
                        "alice deleted the project p-1 with its whole history");
        // The request's context goes with each line: the logger serves them by session, user and action.
        assertThat(lines.list.get(0).getMDCPropertyMap())
                .containsEntry("user", "carol")
                .containsEntry("action", "Model.Save");
        assertThat(lines.list.get(2).getMDCPropertyMap())
                .containsEntry("user", "alice")
                .containsEntry("action", "Model.Undo");
    }

    @Test
    void twoVersionsCompareThroughTheActionWithPropertiesOldAndNew() {
        ok(asUser(
                "alice",
                "Model.Save",
                "expectedVersion",
                0,
                "put",
                List.of(Map.of("id", "box", "type", "geometry", "name", "Box", "properties", Map.of("size", 1)))));
        ok(asUser(
                "alice",
                "Model.Save",
                "expectedVersion",
                1,
                "put",
                List.of(Map.of("id", "box", "type", "geometry", "name", "Box", "properties", Map.of("size", 2)))));
        JsonNode diff = ok(asUser("bob", "Model.Diff", "from", 1, "to", 2));
        assertThat(diff.path("changed").get(0).asText()).isEqualTo("box");
        JsonNode box = diff.path("entities").get(0);
        assertThat(box.path("name").asText()).isEqualTo("Box");
        assertThat(box.path("change").asText()).isEqualTo("changed");
        JsonNode size = box.path("fields").get(0);
        assertThat(size.path("field").asText()).isEqualTo("properties.size");
        assertThat(size.path("before").path("value").asInt()).isEqualTo(1);
        assertThat(size.path("after").path("value").asInt()).isEqualTo(2);
        assertThat(size.path("after").has("summary"))
                .as("absent parts are left out")
                .isFalse();
        assertThat(diff.path("truncated").asBoolean()).isFalse();
        assertThat(asUser("bob", "Model.Diff", "from", 1, "to", 7).httpStatus()).isEqualTo(404);
    }

    @Test
    void aPayloadIsReadInPiecesWithItsChecksum() {
        byte[] payload = new byte[10_000];
        new java.util.Random(7).nextBytes(payload);
        ok(asUser(
                "alice",
                "Model.Save",
                "expectedVersion",
                0,
                "put",
                List.of(Map.of(
                        "id",
                        "m",
                        "type",
                        "mesh",
                        "name",
                        "Mesh",
                        "data",
                        Base64.getEncoder().encodeToString(payload)))));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        long offset = 0;
        JsonNode piece;
        do {
            piece = ok(asUser("bob", "Model.ReadData", "id", "m", "offset", offset, "length", 4096));
            byte[] bytes = Base64.getDecoder().decode(piece.path("data").asText());
            read.writeBytes(bytes);
            offset += bytes.length;
        } while (!piece.path("eof").asBoolean());
        assertThat(read.toByteArray()).isEqualTo(payload);
        assertThat(piece.path("size").asLong()).isEqualTo(10_000);
    }

    @Test
    void anExportImportsIntoAnotherProjectWithItsWholeHistory() {
        ok(asUser("alice", "Model.ApplyTemplate", "template", "antenna"));
        ok(asUser(
                "alice",
                "Model.Save",
                "expectedVersion",
                1,
                "put",
                List.of(Map.of(
                        "id",
                        "result",
                        "type",
                        "result",
                        "name",
                        "S11",
                        "parent",
                        "results",
                        "data",
                        Base64.getEncoder()
                                .encodeToString("0.1,0.2".repeat(1_000_000).getBytes(StandardCharsets.UTF_8))))));
        ok(asUser("alice", "Model.Label", "version", 1, "label", "from-template"));
        ok(asUser("alice", "Model.Undo"));
        JsonNode export = ok(asUser("bob", "Model.Export"));
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        long offset = 0;
        JsonNode piece;
        do {
            piece = ok(asUser(
                    "bob", "Model.ExportRead", "export", export.path("export").asText(), "offset", offset));
            byte[] bytes = Base64.getDecoder().decode(piece.path("data").asText());
            archive.writeBytes(bytes);
            offset += bytes.length;
        } while (!piece.path("eof").asBoolean());
        assertThat(archive.size()).isEqualTo(export.path("size").asInt());
        assertThat(asUser(
                                "bob",
                                "Model.ExportRead",
                                "export",
                                export.path("export").asText(),
                                "offset",
                                0)
                        .httpStatus())
                .as("an export read to the end is gone")
                .isEqualTo(404);

        ProjectModel original = current.get();
        current.set(new ProjectModel(connection.database(), "p-2", ModelOptions.DEFAULTS, clock).open());
        String upload = ok(asUser(
                        "alice", "Model.StageData", "data", Base64.getEncoder().encodeToString(archive.toByteArray())))
                .path("upload")
                .asText();
        JsonNode imported = ok(asUser("alice", "Model.Import", "upload", upload));
        assertThat(imported.path("version").asLong()).isEqualTo(1);
        assertThat(imported.path("redo").toString()).isEqualTo("[2]");
        assertThat(imported.path("labels").path("from-template").asLong()).isEqualTo(1);

        ProjectModel copy = current.get();
        assertThat(copy.history(null, 10))
                .extracting(ProjectModel.HistoryEntry::version)
                .containsExactly(2L, 1L);
        assertThat(copy.at(2L)).isEqualTo(original.at(2L));
        assertThat(copy.readData(copy.entity("result", 2L), 0, 7))
                .isEqualTo("0.1,0.2".getBytes(StandardCharsets.UTF_8));
        assertThat(copy.entity("result", 2L).data().sha256())
                .isEqualTo(original.entity("result", 2L).data().sha256());
        assertThat(copy.entity("patch", null).properties().path("size").toString())
                .isEqualTo("[23.6,19,0.035]");
        // A model that is not empty takes no import.
        String again = ok(asUser(
                        "alice", "Model.StageData", "data", Base64.getEncoder().encodeToString(archive.toByteArray())))
                .path("upload")
                .asText();
        assertThat(asUser("alice", "Model.Import", "upload", again).httpStatus())
                .isEqualTo(409);
    }

    @Test
    void aDamagedArchiveIsRefusedAndLeavesTheProjectEmpty() {
        String upload = ok(asUser(
                        "alice",
                        "Model.StageData",
                        "data",
                        Base64.getEncoder().encodeToString("not a zip".getBytes(StandardCharsets.UTF_8))))
                .path("upload")
                .asText();
        Reply reply = asUser("alice", "Model.Import", "upload", upload);
        assertThat(reply.httpStatus()).isEqualTo(400);
        assertThat(reply.body().path("reason").asText()).contains("not a model archive: the file has no manifest.json");
        assertThat(current.get().isEmpty()).isTrue();
        assertThat(asUser("alice", "Model.Info").httpStatus())
                .as("the model still answers, ready for another import")
                .isEqualTo(200);
        assertThat(current.get().headStore().importUnderWay()).isFalse();
    }

    @Test
    void templatesStartEmptyProjectsOnly() {
        List<String> templates = new ArrayList<>();
        ok(asUser("bob", "Model.Templates")).fieldNames().forEachRemaining(templates::add);
        assertThat(templates).containsExactly("antenna", "kriging");
        assertThat(asUser("mallory", "Model.Templates").httpStatus())
                .as("no access to the project")
                .isEqualTo(403);
        JsonNode info = ok(asUser("carol", "Model.ApplyTemplate", "template", "kriging"));
        assertThat(info.path("entities").asInt()).isEqualTo(5);
        assertThat(asUser("carol", "Model.ApplyTemplate", "template", "antenna").httpStatus())
                .isEqualTo(409);
        assertThat(asUser("carol", "Model.ApplyTemplate", "template", "nope").httpStatus())
                .isEqualTo(409);
    }

    @Test
    void theOwnerDeletesTheProjectWithItsData() {
        ok(asUser("alice", "Model.ApplyTemplate", "template", "antenna"));
        assertThat(asService("CN=mesh." + SESSION, "Model.DeleteProject").httpStatus())
                .isEqualTo(403);
        assertThat(connection.database().listCollectionNames().into(new ArrayList<>()))
                .anyMatch(name -> name.startsWith("model_p_1"));
        ok(asUser("alice", "Model.DeleteProject"));
        assertThat(connection.database().listCollectionNames().into(new ArrayList<>()))
                .noneMatch(name -> name.startsWith("model_p_1"));
        assertThat(deletedFromCatalog).containsExactly("p-1 by alice");
        assertThat(asUser("alice", "Model.Info").httpStatus()).isEqualTo(410);
    }
}
