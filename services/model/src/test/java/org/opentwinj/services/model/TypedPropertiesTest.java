package org.opentwinj.services.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentwinj.services.model.SessionFixture.ok;
import static org.opentwinj.services.model.SessionFixture.refused;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.json.Json;
import org.opentwinj.services.model.archive.ModelArchive;

/** Entities with an origin and typed properties: checked on save, kept, exported and compared. */
class TypedPropertiesTest {
    @TempDir
    static Path exports;

    private final SessionFixture session = new SessionFixture(exports);

    @AfterEach
    void close() {
        session.close();
    }

    static Map<String, Object> spec(String name, String type, Object... more) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("title", name);
        spec.put("type", type);
        for (int i = 0; i < more.length; i += 2) {
            spec.put((String) more[i], more[i + 1]);
        }
        return spec;
    }

    static final List<Map<String, Object>> BOX_TYPES = List.of(
            spec("size", "NUMBER", "unit", "mm", "min", 1, "max", 100),
            spec("material", "CHOICE", "choices", List.of("copper", "pec"), "optional", true, "defaultValue", "pec"));

    static Map<String, Object> box(Object size) {
        Map<String, Object> put = new LinkedHashMap<>();
        put.put("id", "box");
        put.put("type", "geometry");
        put.put("name", "Box");
        put.put("properties", Map.of("size", size));
        put.put("origin", Map.of("service", SessionFixture.COMPUTE, "command", "Shape.Box", "inputs", List.of()));
        put.put("propertyTypes", BOX_TYPES);
        return put;
    }

    static Map<String, Object> derived(String id, String name, String from, int factor) {
        Map<String, Object> put = new LinkedHashMap<>();
        put.put("id", id);
        put.put("type", "mesh");
        put.put("name", name);
        put.put("properties", Map.of("source", from, "factor", factor));
        put.put("origin", Map.of("service", SessionFixture.COMPUTE, "command", "Shape.Scale", "inputs", List.of(from)));
        put.put(
                "propertyTypes",
                List.of(
                        spec("source", "ENTITY"),
                        spec("factor", "INTEGER", "min", 1),
                        spec("result", "NUMBER", "optional", true)));
        return put;
    }

    private JsonNode save(long expected, Object... puts) {
        return ok(session.asUser("carol", "Model.Save", "expectedVersion", expected, "put", List.of(puts)));
    }

    @Test
    void typedPropertiesAreSavedWithTheirDefaultsAndComeBackWithOriginAndTypes() {
        save(0, box(10));
        JsonNode entity = ok(session.asUser("bob", "Model.Entity", "id", "box"));
        assertThat(entity.path("properties"))
                .isEqualTo(Json.mapper().valueToTree(Map.of("size", 10, "material", "pec")));
        assertThat(entity.path("origin").path("service").asText()).isEqualTo(SessionFixture.COMPUTE);
        assertThat(entity.path("origin").path("command").asText()).isEqualTo("Shape.Box");
        assertThat(entity.path("propertyTypes").get(0).path("unit").asText()).isEqualTo("mm");
        assertThat(entity.path("propertyTypes").get(1).path("choices").size()).isEqualTo(2);
        JsonNode listed = ok(session.asUser("bob", "Model.Entities")).get(0);
        assertThat(listed.path("propertyTypes")).isEqualTo(entity.path("propertyTypes"));
        assertThat(listed.path("origin")).isEqualTo(entity.path("origin"));
    }

    @Test
    void anUntypedEntityHasNeitherOriginNorTypes() {
        save(0, Map.of("id", "f", "type", "folder", "name", "F", "properties", Map.of("any", List.of(1, "x"))));
        JsonNode entity = ok(session.asUser("bob", "Model.Entity", "id", "f"));
        assertThat(entity.path("origin").isNull()).isTrue();
        assertThat(entity.path("propertyTypes").isNull()).isTrue();
    }

    @Test
    void aPropertyItsTypeRefusesFailsTheWholeSaveNamingEntityAndProperty() {
        String reason =
                refused(session.asUser("carol", "Model.Save", "expectedVersion", 0, "put", List.of(box(1000))), 400);
        assertThat(reason)
                .isEqualTo("entity 'Box' (box): parameter 'size' must be a number from 1 to 100 (mm); got 1000");
        assertThat(session.model().head().version()).isZero();

        Map<String, Object> unknown = box(5);
        unknown.put("properties", Map.of("size", 5, "colour", "red"));
        assertThat(refused(session.asUser("carol", "Model.Save", "expectedVersion", 0, "put", List.of(unknown)), 400))
                .isEqualTo("entity 'Box' (box): unknown parameter 'colour'; the parameters are size, material");
    }

    @Test
    void invalidPropertyTypesAreRefused() {
        Map<String, Object> put = box(5);
        put.put("propertyTypes", List.of(spec("size", "NUMBER", "min", 5, "max", 1)));
        assertThat(refused(session.asUser("carol", "Model.Save", "expectedVersion", 0, "put", List.of(put)), 400))
                .isEqualTo(
                        "entity 'Box' (box): its property types are invalid: parameter spec 'size' has min 5 > max 1");
    }

    @Test
    void originInputsAndEntityPropertiesMustNameEntitiesOfTheModelAfterTheSave() {
        assertThat(refused(
                        session.asUser(
                                "carol",
                                "Model.Save",
                                "expectedVersion",
                                0,
                                "put",
                                List.of(derived("m", "M", "box", 2))),
                        400))
                .isEqualTo("entity 'M' (m): its origin names input box, which is not in the model");
        // In the same save, the input may come first or after.
        save(0, derived("m", "M", "box", 2), box(5));
        Map<String, Object> wrongType = derived("m2", "M2", "m", 2);
        wrongType.put(
                "propertyTypes",
                List.of(spec("source", "ENTITY", "entityTypes", List.of("geometry")), spec("factor", "INTEGER")));
        assertThat(refused(session.asUser("carol", "Model.Save", "expectedVersion", 1, "put", List.of(wrongType)), 400))
                .isEqualTo("entity 'M2' (m2): parameter 'source' must name an entity of type geometry; 'm' is a mesh");
    }

    @Test
    void anEntityOthersWereMadeFromCannotBeDeletedAlone() {
        save(0, box(5), derived("m", "M", "box", 2));
        assertThat(refused(session.asUser("carol", "Model.Save", "expectedVersion", 1, "delete", List.of("box")), 409))
                .isEqualTo("entity m (M) was made from box: delete it too, or save it without that origin");
        ok(session.asUser("carol", "Model.Save", "expectedVersion", 1, "delete", List.of("box", "m")));
    }

    @Test
    void aChangedPropertyTypeIsAChangeInTheDiff() {
        save(0, box(5));
        Map<String, Object> retyped = box(5);
        retyped.put("propertyTypes", List.of(BOX_TYPES.get(0), spec("material", "TEXT", "optional", true)));
        save(1, retyped);
        JsonNode diff = ok(session.asUser("bob", "Model.Diff", "from", 1, "to", 2));
        assertThat(diff.path("changed")).extracting(JsonNode::asText).containsExactly("box");
        assertThat(diff.path("entities").get(0).path("fields").findValuesAsText("field"))
                .contains("propertyTypes");
    }

    @Test
    void exportAndImportKeepOriginsAndTypes() throws Exception {
        save(0, box(5), derived("m", "M", "box", 2));
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        ModelArchive.export(session.model(), archive);
        ProjectModel copy =
                new ProjectModel(session.connection.database(), "p-2", ModelOptions.DEFAULTS, session.clock).open();
        ModelArchive.importInto(copy, new ByteArrayInputStream(archive.toByteArray()));
        assertThat(copy.entity("m", null).origin())
                .isEqualTo(session.model().entity("m", null).origin());
        assertThat(copy.entity("m", null).propertyTypes())
                .isEqualTo(session.model().entity("m", null).propertyTypes())
                .hasSize(3);
        assertThat(copy.entity("box", null).properties().path("material").asText())
                .isEqualTo("pec");
    }
}
