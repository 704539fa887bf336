package org.opentwinj.services.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.names.NameRule;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.testing.TestClock;
import org.opentwinj.services.model.diff.Differ;
import org.opentwinj.services.model.diff.EntityChange;
import org.opentwinj.services.model.diff.FieldChange;
import org.opentwinj.services.model.diff.ValueView;
import org.opentwinj.services.model.diff.VersionDiff;
import org.opentwinj.services.model.save.EntityPut;
import org.opentwinj.services.model.save.SaveRequest;
import org.opentwinj.services.model.save.SaveResult;
import org.opentwinj.services.model.store.Entity;
import org.opentwinj.services.model.version.Head;

/** The versioned model against an in-memory MongoDB-compatible server and the official driver. */
class ProjectModelTest {
    private static final ModelOptions OPTIONS = new ModelOptions(16, 3, Duration.ofMinutes(2), 4);

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final DatabaseConnection connection;
    private final TestClock clock = new TestClock();
    private final ProjectModel model;

    ProjectModelTest() {
        InetSocketAddress address = server.bind();
        // With an operation timeout, as the service runs: exports (per-batch cursors) and payloads
        // (GridFS without it) go through the same paths as in production.
        connection = DatabaseConnection.open(
                "mongodb://" + address.getHostString() + ":" + address.getPort() + "/test",
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                null);
        model = new ProjectModel(connection.database(), "p-1", OPTIONS, clock).open();
    }

    @AfterEach
    void close() {
        connection.close();
        server.shutdownNow();
    }

    private static EntityPut put(String id, String type, String name, String parent, String... refs) {
        return new EntityPut(id, type, name, parent, null, List.of(refs), null, null, null);
    }

    private static EntityPut withProperties(String id, String type, String name, ObjectNode properties) {
        return new EntityPut(id, type, name, null, properties, null, null, null, null);
    }

    private SaveResult save(long expected, EntityPut... puts) {
        return model.save("alice", new SaveRequest(expected, "test", List.of(puts), null));
    }

    private SaveResult delete(long expected, String... ids) {
        return model.save("alice", new SaveRequest(expected, "delete", null, List.of(ids)));
    }

    @Test
    void aSaveWritesAVersionListingItsEntities() {
        SaveResult first = save(
                0,
                put("root", "folder", "Antenna", null),
                put("box", "geometry", "Box", "root"),
                put("copper", "material", "Copper", "root"));
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.full()).isTrue();
        assertThat(model.head().version()).isEqualTo(1);
        assertThat(model.entities(null)).extracting(Entity::name).containsExactly("Antenna", "Box", "Copper");
        assertThat(model.entity("box", null).parent()).isEqualTo("root");

        SaveResult second =
                save(1, withProperties("box", "geometry", "Box", Json.object().put("size", 2.5)));
        assertThat(second.written()).containsExactly(Map.entry("box", 2L));
        assertThat(model.at(null)).containsExactlyInAnyOrderEntriesOf(Map.of("root", 1L, "box", 2L, "copper", 1L));
        assertThat(model.entity("box", null).properties().path("size").asDouble())
                .isEqualTo(2.5);
        assertThat(model.entity("box", 1L).properties().has("size"))
                .as("version 1 is unchanged")
                .isFalse();
        assertThat(model.entity("box", null).parent())
                .as("a put replaces the parent too")
                .isNull();
        ProjectModel.Diff diff = model.diff(1, 2);
        assertThat(diff.changed()).containsExactly("box");
        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).isEmpty();
    }

    @Test
    void everyThirdVersionAlongALineIsFullAndDeltasResolveToTheSameModel() {
        save(0, put("a", "folder", "A", null));
        boolean[] full = new boolean[8];
        full[1] = true;
        for (int v = 2; v <= 7; v++) {
            SaveResult result = save(v - 1, put("e" + v, "geometry", "E" + v, "a"));
            full[v] = result.full();
        }
        assertThat(full).containsExactly(false, true, false, false, true, false, false, true);
        SaveResult removal = delete(7, "e3");
        assertThat(removal.full()).isFalse();
        assertThat(model.at(8L).keySet()).containsExactlyInAnyOrder("a", "e2", "e4", "e5", "e6", "e7");
        assertThat(model.at(3L).keySet()).containsExactlyInAnyOrder("a", "e2", "e3");
        Document stored =
                model.collections().states().find(new Document("_id", 6L)).first();
        assertThat(stored.get("entities", Document.class).keySet())
                .as("a delta stores only its change")
                .containsExactly("e6");
    }

    @Test
    void invalidChangesAreRefusedAndWriteNothing() {
        save(
                0,
                put("root", "folder", "Root", null),
                put("box", "geometry", "Box", "root"),
                put("mesh", "mesh", "Mesh", "root", "box"));
        assertRefused(
                () -> save(1, put("x", "spaceship", "X", null)),
                400,
                "unknown entity type 'spaceship'; valid: folder, geometry");
        assertRefused(
                () -> save(1, put("x", "mesh", "X", "nowhere")),
                404,
                "names parent nowhere, which is not in the model");
        assertRefused(
                () -> save(1, put("x", "mesh", "X", null, "ghost")), 404, "refers to ghost, which is not in the model");
        assertRefused(() -> delete(1, "root"), 409, "is a child of root");
        assertRefused(() -> delete(1, "box"), 409, "refers to box");
        assertRefused(() -> delete(1, "nope"), 404, "no entity nope to delete");
        assertRefused(() -> save(1, put("root", "folder", "Root", "box")), 400, "would be its own ancestor");
        assertRefused(() -> save(1, put("a b", "folder", "Bad", null)), 400, "must be 1 to 64 letters");
        assertRefused(
                () -> model.save("alice", new SaveRequest(1, null, List.of(), List.of())), 400, "at least one entity");
        assertThat(model.head().version()).isEqualTo(1);
        assertThat(model.entityStore().count()).isEqualTo(3);
        assertThat(model.head().nextVersion()).isEqualTo(2);
        // Deleting a parent with its children works in one save.
        assertThat(delete(1, "mesh", "box").version()).isEqualTo(2);
    }

    @Test
    void newAndRenamedEntitiesKeepTheNameRuleAndStoredNamesStayAsTheyAre() {
        String rockets = "\uD83D\uDE80".repeat(200); // 200 code points, 400 UTF-16 units
        save(0, put("root", "folder", "  Root \uD83D\uDCC1 ", null), put("r", "geometry", rockets, null));
        assertThat(model.entity("root", null).name()).as("trimmed").isEqualTo("Root \uD83D\uDCC1");
        assertThat(model.entity("r", null).name()).isEqualTo(rockets);
        assertRefused(
                () -> save(1, put("long", "geometry", "n".repeat(201), null)),
                400,
                "the entity name has 201 characters, 1 too many: entity names are " + NameRule.ENTITY.description());
        assertRefused(
                () -> save(1, put("tab", "geometry", "a\tb", null)), 400, "the entity name 'a\\u0009b' is not allowed");

        // A name stored before the rule (here: with a control character) still loads and keeps
        // its name when something else changes; renaming it takes the rule.
        model.collections()
                .entities()
                .updateOne(
                        new Document("_id", Entity.key("root", 1)),
                        new Document("$set", new Document("name", "Old\u0007")));
        assertThat(model.entity("root", null).name()).isEqualTo("Old\u0007");
        assertThat(save(
                                1,
                                withProperties(
                                        "root",
                                        "folder",
                                        "Old\u0007",
                                        Json.object().put("x", 1)))
                        .version())
                .isEqualTo(2);
        assertRefused(
                () -> save(2, put("root", "folder", "Old\u0007!", null)),
                400,
                "renaming 'Old\u0007': the entity name 'Old\\u0007!' is not allowed");
        assertThat(model.head().version()).isEqualTo(2);
    }

    private static void assertRefused(Runnable action, int status, String reason) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PublicException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    @Test
    void smallPayloadsStayInlineLargeOnesGoToGridFsAndAreKeptUntilReplaced() {
        byte[] small = "tiny".getBytes(StandardCharsets.UTF_8);
        byte[] large = "a payload longer than sixteen bytes".getBytes(StandardCharsets.UTF_8);
        save(
                0,
                new EntityPut(
                        "s",
                        "result",
                        "Small",
                        null,
                        null,
                        null,
                        Base64.getEncoder().encodeToString(small),
                        null,
                        null),
                new EntityPut(
                        "l",
                        "mesh",
                        "Large",
                        null,
                        null,
                        null,
                        Base64.getEncoder().encodeToString(large),
                        null,
                        null));
        Entity inline = model.entity("s", null);
        Entity gridFs = model.entity("l", null);
        assertThat(inline.data().isInline()).isTrue();
        assertThat(gridFs.data().isInline()).isFalse();
        assertThat(model.blobStore().exists(gridFs.data().gridFsId())).isTrue();
        assertThat(model.readData(gridFs, 2, 7)).isEqualTo("payload".getBytes(StandardCharsets.UTF_8));
        assertThat(model.readData(inline, 0, 100)).isEqualTo(small);
        assertThat(gridFs.data().sha256()).isEqualTo(java.util.HexFormat.of().formatHex(sha256(large)));

        // A change of properties only keeps the payload; clearData drops it.
        save(1, withProperties("l", "mesh", "Large", Json.object().put("cells", 12)));
        assertThat(model.entity("l", null).data().gridFsId())
                .isEqualTo(gridFs.data().gridFsId());
        save(2, new EntityPut("l", "mesh", "Large", null, null, null, null, null, true));
        assertThat(model.entity("l", null).data()).isNull();
        assertThat(model.entity("l", 1L).data())
                .as("the old version keeps its payload")
                .isNotNull();
    }

    @Test
    void aPayloadLargerThanOneMessageIsStagedInPartsAndJoinedBySave() {
        String upload =
                model.stage(null, Base64.getEncoder().encodeToString("first part, ".getBytes(StandardCharsets.UTF_8)));
        model.stage(upload, Base64.getEncoder().encodeToString("second part".getBytes(StandardCharsets.UTF_8)));
        save(0, new EntityPut("big", "result", "Field", null, null, null, null, upload, null));
        Entity big = model.entity("big", null);
        assertThat(big.data().size()).isEqualTo(23);
        assertThat(new String(model.readData(big, 0, 100), StandardCharsets.UTF_8))
                .isEqualTo("first part, second part");
        assertThat(model.blobStore().stagedParts(upload))
                .as("the parts go once joined")
                .isZero();
        assertThat(big.data().isInline())
                .as("23 bytes are over the 16-byte inline limit")
                .isFalse();
        String small = model.stage(null, Base64.getEncoder().encodeToString("tiny".getBytes(StandardCharsets.UTF_8)));
        save(1, new EntityPut("small", "result", "Small", null, null, null, null, small, null));
        assertThat(model.entity("small", null).data().isInline())
                .as("a staged payload under the limit is kept inline")
                .isTrue();
        assertThat(new String(model.readData(model.entity("small", null), 0, 100), StandardCharsets.UTF_8))
                .isEqualTo("tiny");
        assertRefused(
                () -> save(2, new EntityPut("x", "result", "X", null, null, null, null, "no-such-upload", null)),
                404,
                "no staged upload 'no-such-upload'");
    }

    @Test
    void undoRedoAndBranchingFromAnOldVersion() {
        save(0, put("a", "folder", "A", null));
        save(1, put("b", "folder", "B", null));
        save(2, put("c", "folder", "C", null));
        assertThat(model.undo().version()).isEqualTo(2);
        assertThat(model.undo().version()).isEqualTo(1);
        assertThat(model.redo().version()).isEqualTo(2);
        assertThat(model.head().redo()).containsExactly(3L);
        assertThat(model.at(null).keySet()).containsExactlyInAnyOrder("a", "b");

        // A save after undo branches: version 3 stays, on another line.
        SaveResult branch = save(2, put("d", "folder", "D", null));
        assertThat(branch.version()).isEqualTo(4);
        assertThat(model.head().redo()).isEmpty();
        assertThatThrownBy(model::redo).isInstanceOf(PublicException.class).hasMessage("nothing to redo");
        List<ProjectModel.HistoryEntry> history = model.history(null, 10);
        assertThat(history).extracting(ProjectModel.HistoryEntry::version).containsExactly(4L, 3L, 2L, 1L);
        assertThat(history).extracting(ProjectModel.HistoryEntry::onLine).containsExactly(true, false, true, true);
        assertThat(history.getFirst().current()).isTrue();

        model.checkout(3);
        assertThat(model.at(null).keySet()).containsExactlyInAnyOrder("a", "b", "c");
        model.label("first-draft", 3);
        model.label("submitted", 4);
        assertThat(model.history(null, 10).get(1).labels()).containsExactly("first-draft");
        assertRefused(() -> model.label("x", 99), 404, "no version 99");
        assertRefused(() -> model.label("bad label", 3), 400, "labels are 1 to 64");
        model.unlabel("first-draft");
        assertThat(model.labelStore().all()).containsOnlyKeys("submitted");

        ProjectModel.Diff diff = model.diff(3, 4);
        assertThat(diff.added()).containsExactly("d");
        assertThat(diff.removed()).containsExactly("c");
        assertThat(diff.changed()).isEmpty();
        assertThat(model.undo().version()).isEqualTo(2);
        assertThat(model.undo().version()).isEqualTo(1);
        assertThat(model.undo().version()).isZero();
        assertThatThrownBy(model::undo).hasMessage("nothing to undo: the model is empty");
    }

    @Test
    void afterACheckoutRedoGoesBackAlongTheLineUntilASaveBranches() {
        save(0, put("a", "folder", "A", null));
        save(1, put("b", "folder", "B", null));
        save(2, put("c", "folder", "C", null));
        save(3, put("d", "folder", "D", null));

        // Checking out v2 from v4 is two undos: Redo goes to v3, then v4.
        assertThat(model.checkout(2).redo()).containsExactly(4L, 3L);
        assertThat(model.redo().version()).isEqualTo(3);
        assertThat(model.redo().version()).isEqualTo(4);
        assertThat(model.head().redo()).isEmpty();

        // An undone version's own redo list is kept below the way back.
        model.undo();
        assertThat(model.checkout(1).redo()).containsExactly(4L, 3L, 2L);
        // Checking out a version Redo would reach redoes up to it.
        assertThat(model.checkout(3).redo()).containsExactly(4L);
        assertThat(model.checkout(0).redo()).containsExactly(4L, 3L, 2L, 1L);
        assertThat(model.at(null)).isEmpty();
        assertThat(model.checkout(2).redo()).containsExactly(4L, 3L);

        // A save branches: nothing to redo; the versions after v2 on the old line are on another branch.
        assertThat(save(2, put("e", "folder", "E", null)).version()).isEqualTo(5);
        assertThat(model.head().redo()).isEmpty();
        List<ProjectModel.HistoryEntry> history = model.history(null, 10);
        assertThat(history)
                .extracting(ProjectModel.HistoryEntry::onLine)
                .containsExactly(true, false, false, true, true);
        // A version on another branch: checking it out leaves nothing to redo; back to v5 from there neither.
        assertThat(model.checkout(4).redo()).isEmpty();
        assertThat(model.checkout(5).redo()).isEmpty();
        assertThat(model.checkout(5).redo())
                .as("checking out the current version keeps the redo list")
                .isEmpty();
        model.undo();
        assertThat(model.checkout(2).redo())
                .as("the current version keeps its redo list")
                .containsExactly(5L);
    }

    @Test
    void anyTwoVersionsCompareFieldByFieldWithOldAndNewValuesAlsoAcrossBranches() {
        ObjectNode box = Json.object().put("shape", "box").put("material", "copper");
        box.putArray("size").add(1).add(2).add(3);
        box.putObject("bounds").putArray("max").add(1).add(1).add(1);
        ObjectNode mesh = Json.object().put("unit", "mm");
        ArrayNode vertices = mesh.putArray("vertices");
        for (int i = 0; i < 1204; i++) {
            vertices.addArray().add(i).add(0).add(0);
        }
        save(
                0,
                put("root", "folder", "Geometry", null),
                put("other", "folder", "Parts", null),
                new EntityPut("box", "geometry", "Box", "root", box, null, null, null, null),
                new EntityPut("mesh", "mesh", "Mesh", "root", mesh, null, null, null, null),
                put("old", "geometry", "Old", "root"));

        // One branch: the box resized, moved, renamed, its material gone, a colour added.
        ObjectNode box2 = box.deepCopy();
        box2.remove("material");
        box2.put("color", "#ff0000");
        box2.putArray("size").add(1).add(2).add(4);
        box2.putObject("bounds").putArray("max").add(1).add(1).add(2);
        assertThat(model.save(
                                "alice",
                                new SaveRequest(
                                        1,
                                        "resize",
                                        List.of(new EntityPut(
                                                "box", "geometry", "Box 1", "other", box2, null, null, null, null)),
                                        null))
                        .version())
                .isEqualTo(2);
        // The other branch, from v1: a finer mesh, a new entity, one removed.
        model.checkout(1);
        ObjectNode finer = mesh.deepCopy();
        for (int i = 1204; i < 1310; i++) {
            ((ArrayNode) finer.get("vertices")).addArray().add(i).add(1).add(0);
        }
        model.save(
                "bob",
                new SaveRequest(
                        1,
                        "refine",
                        List.of(
                                new EntityPut("mesh", "mesh", "Mesh", "root", finer, null, null, null, null),
                                put("box2", "geometry", "Box 2", "root")),
                        List.of("old")));

        VersionDiff diff = model.compare(2, 3);
        assertThat(diff.from()).isEqualTo(2);
        assertThat(diff.to()).isEqualTo(3);
        assertThat(diff.added()).containsExactly("box2");
        assertThat(diff.removed()).containsExactly("old");
        assertThat(diff.changed()).containsExactly("box", "mesh");
        assertThat(diff.truncated()).isFalse();
        assertThat(diff.entities())
                .extracting(EntityChange::name, EntityChange::change)
                .containsExactly(
                        tuple("Box", "changed"),
                        tuple("Mesh", "changed"),
                        tuple("Box 2", "added"),
                        tuple("Old", "removed"));

        // Comparing v2 to v3 undoes v2's changes of the box: old values are v2's, new ones v1's (v3's).
        Map<String, FieldChange> boxFields = fieldsOf(diff, "box");
        assertThat(boxFields)
                .containsOnlyKeys(
                        "name",
                        "parent",
                        "properties.size",
                        "properties.bounds.max",
                        "properties.color",
                        "properties.material");
        assertThat(boxFields.get("name").before().value().asText()).isEqualTo("Box 1");
        assertThat(boxFields.get("name").after().value().asText()).isEqualTo("Box");
        assertThat(boxFields.get("parent").before().name()).isEqualTo("Parts");
        assertThat(boxFields.get("parent").after().value().asText()).isEqualTo("root");
        assertThat(boxFields.get("parent").after().name()).isEqualTo("Geometry");
        assertThat(Json.write(boxFields.get("properties.size").before().value()))
                .isEqualTo("[1,2,4]");
        assertThat(Json.write(boxFields.get("properties.size").after().value())).isEqualTo("[1,2,3]");
        assertThat(Json.write(boxFields.get("properties.bounds.max").after().value()))
                .isEqualTo("[1,1,1]");
        assertThat(boxFields.get("properties.color").after()).as("gone in v3").isNull();
        assertThat(boxFields.get("properties.material").before())
                .as("not there in v2")
                .isNull();
        assertThat(boxFields.get("properties.material").after().value().asText())
                .isEqualTo("copper");

        // A large value is summarised with a short preview, never dumped.
        FieldChange vertexChange = fieldsOf(diff, "mesh").get("properties.vertices");
        assertThat(vertexChange.before().value()).isNull();
        assertThat(vertexChange.before().summary()).isEqualTo("array of 1,204 items");
        assertThat(vertexChange.after().summary()).isEqualTo("array of 1,310 items");
        assertThat(vertexChange.after().preview())
                .startsWith("[[0,0,0],[1,0,0]")
                .hasSize(ValueView.PREVIEW_CHARS + 1);
        assertThat(Json.write(diff).length()).as("the whole answer stays small").isLessThan(3_000);

        // The other way round the old and new values swap; a version compared with itself differs in nothing.
        assertThat(fieldsOf(model.compare(3, 2), "box")
                        .get("name")
                        .after()
                        .value()
                        .asText())
                .isEqualTo("Box 1");
        VersionDiff same = model.compare(3, 3);
        assertThat(same.entities()).isEmpty();
        assertThat(same.changed()).isEmpty();
        assertThat(model.compare(0, 1).added()).hasSize(5);
        assertRefused(() -> model.compare(1, 99), 404, "no version 99");
    }

    @Test
    void aComparisonOfHugeChangesIsBoundedAndSaysWhatItLeftOut() {
        ObjectNode before = Json.object();
        ObjectNode after = Json.object();
        for (int i = 0; i < Differ.MAX_FIELDS + 100; i++) {
            before.put("p" + i, i);
            after.put("p" + i, i + 1);
        }
        List<EntityPut> first = new ArrayList<>();
        List<EntityPut> second = new ArrayList<>();
        first.add(new EntityPut("a-wide", "geometry", "Wide", null, before, null, null, null, null));
        second.add(new EntityPut("a-wide", "geometry", "Wide", null, after, null, null, null, null));
        for (int i = 0; i < Differ.MAX_ENTITIES + 20; i++) {
            first.add(withProperties("e" + i, "geometry", "E" + i, Json.object().put("n", 1)));
            second.add(
                    withProperties("e" + i, "geometry", "E" + i, Json.object().put("n", 2)));
        }
        model.save("alice", new SaveRequest(0, "many", first, null));
        model.save("alice", new SaveRequest(1, "all changed", second, null));

        VersionDiff diff = model.compare(1, 2);
        assertThat(diff.changed()).as("the id lists are complete").hasSize(Differ.MAX_ENTITIES + 21);
        assertThat(diff.entities()).hasSize(Differ.MAX_ENTITIES);
        assertThat(diff.truncated()).isTrue();
        assertThat(diff.entities().stream().mapToInt(e -> e.fields().size()).sum())
                .isEqualTo(Differ.MAX_FIELDS);
        int listedAndLeftOut = diff.entities().stream()
                .mapToInt(e -> e.fields().size() + e.moreFields())
                .sum();
        assertThat(listedAndLeftOut)
                .as("every differing field of a detailed entity is listed or counted")
                .isEqualTo(Differ.MAX_FIELDS + 100 + Differ.MAX_ENTITIES - 1);
    }

    private static Map<String, FieldChange> fieldsOf(VersionDiff diff, String id) {
        Map<String, FieldChange> fields = new LinkedHashMap<>();
        diff.entities().stream()
                .filter(e -> e.id().equals(id))
                .findFirst()
                .orElseThrow()
                .fields()
                .forEach(f -> fields.put(f.field(), f));
        return fields;
    }

    @Test
    void twoWritersOnTheSameVersionGetAConflictNeverALostUpdate() {
        save(0, put("a", "folder", "A", null));
        SaveResult alice = save(1, put("b", "folder", "B by alice", null));
        assertRefused(
                () -> model.save(
                        "bob", new SaveRequest(1, "bob's", List.of(put("b", "folder", "B by bob", null)), null)),
                409,
                "the model is at version 2, not 1");
        assertThat(model.entity("b", null).name()).isEqualTo("B by alice");
        assertThat(alice.version()).isEqualTo(2);

        // While a save holds the head, others are told to wait.
        assertThat(model.headStore().reserve(2, 3, "other-save", clock.instant()))
                .isTrue();
        assertRefused(() -> save(2, put("c", "folder", "C", null)), 409, "another save is under way");
        // A holder that went silent for longer than the lease is taken over.
        clock.advance(Duration.ofMinutes(3));
        assertThat(save(2, put("c", "folder", "C", null)).version()).isEqualTo(4);
    }

    @Test
    void writersSavingAtTheSameMomentOnTheSameVersionGetOneVersionAndConflictsNeverALostUpdate() throws Exception {
        save(0, put("a", "folder", "A", null));
        int writers = 8;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(writers);
        List<java.util.concurrent.Future<Long>> outcomes = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                String name = "B by writer " + w;
                outcomes.add(pool.submit(() -> {
                    together.await();
                    try {
                        return model.save(
                                        "writer",
                                        new SaveRequest(1, name, List.of(put("b", "folder", name, null)), null))
                                .version();
                    } catch (PublicException e) {
                        assertThat(e.status()).isEqualTo(409);
                        return -1L;
                    }
                }));
            }
        }
        List<Long> versions = new java.util.ArrayList<>();
        for (var outcome : outcomes) {
            versions.add(outcome.get());
        }
        assertThat(versions.stream().filter(v -> v > 0))
                .as("exactly one writer saves on version 1")
                .hasSize(1);
        long saved = versions.stream().filter(v -> v > 0).findFirst().orElseThrow();
        assertThat(model.head().version()).isEqualTo(saved);
        assertThat(model.history(null, 10))
                .extracting(ProjectModel.HistoryEntry::version)
                .containsExactly(saved, 1L);
        assertThat(model.head().pending()).isNull();
        assertThat(model.entityStore().count())
                .as("nothing of the refused saves is left")
                .isEqualTo(2);
    }

    @Test
    void anInterruptedSaveBeforeItsStateIsUndoneWhenTheModelOpens() {
        save(0, put("a", "folder", "A", null));
        // A save that reserved version 2 and wrote an entity and a payload, then died.
        Head head = model.head();
        assertThat(model.headStore().reserve(1, head.nextVersion(), "dead-save", clock.instant()))
                .isTrue();
        model.entityStore()
                .insert(new Entity(
                        "b",
                        2,
                        org.opentwinj.services.model.store.EntityType.FOLDER,
                        "B",
                        null,
                        null,
                        List.of(),
                        null,
                        "dead-save"));
        model.blobStore().store(new java.io.ByteArrayInputStream(new byte[100]), "b", 2, "dead-save");

        ProjectModel reopened = new ProjectModel(connection.database(), "p-1", OPTIONS, clock).open();
        assertThat(reopened.head().pending()).isNull();
        assertThat(reopened.head().version()).isEqualTo(1);
        assertThat(reopened.entityStore().count()).isEqualTo(1);
        assertThat(reopened.collections().blobs().find().first()).isNull();
        assertThat(reopened.save("alice", new SaveRequest(1, null, List.of(put("c", "folder", "C", null)), null))
                        .version())
                .isEqualTo(3);
    }

    @Test
    void anInterruptedSaveAfterItsStateIsFinishedWhenTheModelOpens() {
        save(0, put("a", "folder", "A", null));
        Head head = model.head();
        assertThat(model.headStore().reserve(1, head.nextVersion(), "late-save", clock.instant()))
                .isTrue();
        model.entityStore()
                .insert(new Entity(
                        "b",
                        2,
                        org.opentwinj.services.model.store.EntityType.FOLDER,
                        "B",
                        null,
                        null,
                        List.of(),
                        null,
                        "late-save"));
        model.stateStore()
                .insert(new org.opentwinj.services.model.version.ModelVersion(
                        2,
                        1L,
                        false,
                        Map.of("b", 2L),
                        List.of(),
                        1,
                        "alice",
                        "late",
                        Instant.now(),
                        "late-save",
                        2,
                        1));

        ProjectModel reopened = new ProjectModel(connection.database(), "p-1", OPTIONS, clock).open();
        assertThat(reopened.head().version())
                .as("the version exists: it is kept")
                .isEqualTo(2);
        assertThat(reopened.at(null).keySet()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aSaveGivenUpAfterItsLeaseRanOutCanNeverBecomeVisibleAndLeavesNothing() {
        save(0, put("a", "folder", "A", null));
        // A slow writer reserves version 2 and writes an entity...
        assertThat(model.headStore().reserve(1, 2, "slow-save", clock.instant()))
                .isTrue();
        model.entityStore()
                .insert(new Entity(
                        "b",
                        2,
                        org.opentwinj.services.model.store.EntityType.FOLDER,
                        "B",
                        null,
                        null,
                        List.of(),
                        null,
                        "slow-save"));
        // ...and is still writing when its lease runs out and another save takes over.
        clock.advance(Duration.ofMinutes(3));
        assertThat(save(1, put("c", "folder", "C", null)).version()).isEqualTo(3);
        model.entityStore()
                .insert(new Entity(
                        "d",
                        2,
                        org.opentwinj.services.model.store.EntityType.FOLDER,
                        "D",
                        null,
                        null,
                        List.of(),
                        null,
                        "slow-save"));
        assertThatThrownBy(() -> model.stateStore()
                        .insert(new org.opentwinj.services.model.version.ModelVersion(
                                2,
                                1L,
                                false,
                                Map.of("b", 2L, "d", 2L),
                                List.of(),
                                1,
                                "slow",
                                "late",
                                Instant.now(),
                                "slow-save",
                                3,
                                2)))
                .as("the given-up save's number is taken by its abort marker")
                .isInstanceOf(com.mongodb.MongoWriteException.class);

        ProjectModel reopened = new ProjectModel(connection.database(), "p-1", OPTIONS, clock).open();
        assertThat(reopened.history(null, 10))
                .extracting(ProjectModel.HistoryEntry::version)
                .containsExactly(3L, 1L);
        assertThat(reopened.stateStore().numbers()).containsExactlyInAnyOrder(1L, 3L);
        assertThat(reopened.at(null).keySet()).containsExactlyInAnyOrder("a", "c");
        assertThat(reopened.entityStore().count())
                .as("what the slow save wrote, before and after, is gone")
                .isEqualTo(2);
        assertRefused(() -> reopened.checkout(2), 404, "no version 2");
        assertThat(reopened.save("alice", new SaveRequest(3, null, List.of(put("e", "folder", "E", null)), null))
                        .version())
                .isEqualTo(4);
    }

    @Test
    void aSaveGivenANumberAVersionHoldsRemovesOnlyWhatItWroteAndTheNextSaveGetsAFreeNumber() {
        save(0, put("a", "folder", "A", null));
        save(1, put("b", "folder", "B", null));
        // A head whose next number fell behind the stored versions (as a damaged import could leave it).
        model.headStore().replace(new Head(2, List.of(), 2, null));
        assertThatThrownBy(() -> save(2, put("c", "folder", "C", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version number 2 was handed out although a version holds it");
        assertThat(model.entity("b", 2L).name())
                .as("version 2 keeps its entities")
                .isEqualTo("B");
        assertThat(model.entityStore().count()).isEqualTo(2);
        assertThat(save(2, put("c", "folder", "C", null)).version()).isEqualTo(3);
        assertThat(model.at(null).keySet()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void anExportDuringASaveHoldsTheProjectAsItWasAndItsImportTakesNewSaves() throws Exception {
        save(0, put("a", "folder", "A", null));
        model.label("first", 1);
        java.util.concurrent.CountDownLatch exportStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch saved = new java.util.concurrent.CountDownLatch(1);
        java.io.ByteArrayOutputStream archive = new java.io.ByteArrayOutputStream();
        java.io.OutputStream heldAtFirstWrite = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                exportStarted.countDown();
                try {
                    saved.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                archive.write(bytes, offset, length);
            }
        };
        Thread export = Thread.ofVirtual().start(() -> {
            try {
                org.opentwinj.services.model.archive.ModelArchive.export(model, heldAtFirstWrite);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        exportStarted.await();
        save(1, put("b", "folder", "B", null));
        model.label("second", 2);
        saved.countDown();
        export.join();

        ProjectModel copy = new ProjectModel(connection.database(), "p-2", OPTIONS, clock).open();
        org.opentwinj.services.model.archive.ModelArchive.importInto(
                copy, new java.io.ByteArrayInputStream(archive.toByteArray()));
        assertThat(copy.stateStore().numbers())
                .as("the save made during the export is not in it")
                .containsExactly(1L);
        assertThat(copy.entityStore().count()).isEqualTo(1);
        assertThat(copy.labelStore().all()).containsOnlyKeys("first");
        SaveResult next = copy.save("alice", new SaveRequest(1, null, List.of(put("c", "folder", "C", null)), null));
        assertThat(next.version()).isEqualTo(2);
        assertThat(copy.at(null).keySet()).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void aProjectWhoseImportWasInterruptedIsEmptiedWhenOpenedAndCanBeImportedAgain() {
        ProjectModel target = new ProjectModel(connection.database(), "p-2", OPTIONS, clock).open();
        // An import that wrote a version and then died.
        target.headStore().beginImport(clock.instant());
        target.entityStore()
                .insert(new Entity(
                        "x",
                        1,
                        org.opentwinj.services.model.store.EntityType.FOLDER,
                        "X",
                        null,
                        null,
                        List.of(),
                        null,
                        "s"));
        target.stateStore()
                .insert(new org.opentwinj.services.model.version.ModelVersion(
                        1, null, true, Map.of("x", 1L), List.of(), 0, "alice", "imported", Instant.now(), "s", 1, 1));

        ProjectModel reopened = new ProjectModel(connection.database(), "p-2", OPTIONS, clock).open();
        assertThat(reopened.isEmpty()).isTrue();
        assertThat(reopened.headStore().importUnderWay()).isFalse();
        save(0, put("a", "folder", "A", null));
        java.io.ByteArrayOutputStream archive = new java.io.ByteArrayOutputStream();
        try {
            org.opentwinj.services.model.archive.ModelArchive.export(model, archive);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        org.opentwinj.services.model.archive.ModelArchive.importInto(
                reopened, new java.io.ByteArrayInputStream(archive.toByteArray()));
        assertThat(reopened.at(null).keySet()).containsExactly("a");
        assertThat(reopened.headStore().importUnderWay()).isFalse();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
