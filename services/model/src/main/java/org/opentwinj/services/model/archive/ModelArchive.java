package org.opentwinj.services.model.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.services.model.ProjectModel;
import org.opentwinj.services.model.store.DataRef;
import org.opentwinj.services.model.store.Entity;
import org.opentwinj.services.model.store.EntityType;
import org.opentwinj.services.model.store.EntityTyping;
import org.opentwinj.services.model.version.Head;
import org.opentwinj.services.model.version.ModelVersion;

/**
 * A whole project with its history in one zip file: {@code manifest.json} (head, labels),
 * {@code blobs/<version>/<id>} (GridFS payloads), {@code entities.jsonl} (every entity version,
 * small payloads inline), {@code states.jsonl} (every model version). Imported into an empty
 * project, it gives the same versions, entities, labels and head; payloads get new GridFS ids.
 */
public final class ModelArchive {
    public static final String FORMAT = "opentwin-model";
    public static final int FORMAT_VERSION = 1;

    private ModelArchive() {}

    /** Writes the project to the stream (which is left open). */
    public static void export(ProjectModel model, OutputStream target) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(target);
        Head head = model.head();
        if (head.pending() != null) {
            throw PublicException.conflict("a save is under way; export again shortly");
        }
        // The project as it was when the head was read: saves made while the export runs get
        // numbers from the head's next one on, and are left out with everything they wrote.
        Set<Long> versions = new HashSet<>();
        model.stateStore().numbers().stream()
                .filter(n -> n < head.nextVersion())
                .forEach(versions::add);
        Map<String, Long> labels = new TreeMap<>(model.labelStore().all());
        labels.values().removeIf(version -> !versions.contains(version));
        ObjectNode manifest = Json.object()
                .put("format", FORMAT)
                .put("formatVersion", FORMAT_VERSION)
                .put("project", model.project())
                .put("exportedAt", Instant.now().toString());
        manifest.set("head", Json.mapper().valueToTree(head));
        manifest.set("labels", Json.mapper().valueToTree(labels));
        entry(zip, "manifest.json", Json.writeBytes(manifest));

        List<Entity> withBlobs = new ArrayList<>();
        zip.putNextEntry(new ZipEntry("entities.jsonl"));
        model.entityStore().forEach(entity -> {
            if (!versions.contains(entity.version())) {
                return;
            }
            if (entity.data() != null && !entity.data().isInline()) {
                withBlobs.add(entity);
            }
            line(zip, entityJson(entity));
        });
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry("states.jsonl"));
        model.stateStore().forEach(state -> {
            if (versions.contains(state.version())) {
                line(zip, Json.mapper().valueToTree(state));
            }
        });
        zip.closeEntry();
        Map<String, Boolean> written = new HashMap<>();
        for (Entity entity : withBlobs) {
            // Versions that kept a payload share its GridFS file: write it once.
            if (written.putIfAbsent(entity.data().gridFsId(), true) == null) {
                zip.putNextEntry(new ZipEntry(
                        "blobs/" + entity.version() + "/" + entity.data().gridFsId()));
                model.blobStore().copy(entity.data().gridFsId(), bytes -> write(zip, bytes));
                zip.closeEntry();
            }
        }
        zip.finish();
    }

    /**
     * Reads an archive into an empty project. On any failure the project is emptied again, so
     * the import can be repeated.
     *
     * @return the head after the import
     * @throws PublicException 409 when the project is not empty, 400 when the file is not an archive
     */
    public static Head importInto(ProjectModel model, InputStream source) {
        if (!model.isEmpty()) {
            throw PublicException.conflict("the project is not empty: import into a new project");
        }
        try {
            model.headStore().beginImport(Instant.now());
            model.stateStore().deleteAbortMarkers();
            Head head = read(model, new ZipInputStream(source));
            model.headStore().endImport();
            return head;
        } catch (IOException | RuntimeException e) {
            model.empty();
            if (e instanceof PublicException p) {
                throw p;
            }
            throw new PublicException("not a model archive, or a damaged one: " + e.getMessage());
        }
    }

    private static Head read(ProjectModel model, ZipInputStream zip) throws IOException {
        JsonNode manifest = null;
        Map<String, String> blobIds = new HashMap<>();
        List<Entity> entities = new ArrayList<>();
        List<ModelVersion> states = new ArrayList<>();
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName();
            if (name.equals("manifest.json")) {
                manifest = Json.mapper().readTree(zip.readAllBytes());
                if (!FORMAT.equals(manifest.path("format").asText())
                        || manifest.path("formatVersion").asInt() != FORMAT_VERSION) {
                    throw new PublicException("not a model archive of format " + FORMAT + " " + FORMAT_VERSION);
                }
            } else if (name.equals("entities.jsonl")) {
                for (JsonNode node : lines(zip)) {
                    entities.add(entityFrom(node));
                }
            } else if (name.equals("states.jsonl")) {
                for (JsonNode node : lines(zip)) {
                    states.add(Json.mapper().treeToValue(node, ModelVersion.class));
                }
            } else if (name.startsWith("blobs/")) {
                String[] parts = name.split("/");
                long version = Long.parseLong(parts[1]);
                blobIds.put(parts[2], model.blobStore().store(new NonClosing(zip), "import", version, "import"));
            }
        }
        if (manifest == null) {
            throw new PublicException("not a model archive: the file has no manifest.json");
        }
        for (Entity entity : entities) {
            DataRef data = entity.data();
            if (data != null && !data.isInline()) {
                String newId = blobIds.get(data.gridFsId());
                if (newId == null) {
                    throw new PublicException("the archive lacks the payload of entity " + entity.key());
                }
                data = new DataRef(data.size(), data.sha256(), newId, null);
            }
            model.entityStore().insert(entity.withData(data));
        }
        states.forEach(model.stateStore()::insert);
        manifest.path("labels")
                .properties()
                .forEach(label ->
                        model.labelStore().set(label.getKey(), label.getValue().asLong()));
        Head head = Json.mapper().treeToValue(manifest.path("head"), Head.class);
        if (model.stateStore().find(head.version()).isEmpty() && head.version() != 0) {
            throw new PublicException(
                    "the archive's head names version " + head.version() + ", which it does not hold");
        }
        // Never hand out a number the archive's versions or entities use, whatever the manifest says.
        long next = Math.max(
                head.nextVersion(),
                Math.max(model.stateStore().highestNumber(), model.entityStore().highestVersion()) + 1);
        model.headStore().replace(new Head(head.version(), head.redo(), next, null));
        return model.head();
    }

    private static JsonNode entityJson(Entity entity) {
        ObjectNode node = Json.object()
                .put("id", entity.id())
                .put("version", entity.version())
                .put("type", entity.type().label())
                .put("name", entity.name())
                .put("parent", entity.parent())
                .put("saveId", entity.saveId());
        node.set("properties", entity.properties());
        ArrayNode refs = node.putArray("refs");
        entity.refs().forEach(refs::add);
        if (entity.origin() != null) {
            node.set("origin", Json.mapper().valueToTree(entity.origin()));
        }
        if (!entity.propertyTypes().isEmpty()) {
            node.set("propertyTypes", Json.mapper().valueToTree(entity.propertyTypes()));
        }
        if (entity.data() != null) {
            ObjectNode data = node.putObject("data")
                    .put("size", entity.data().size())
                    .put("sha256", entity.data().sha256());
            if (entity.data().isInline()) {
                data.put(
                        "inline",
                        Base64.getEncoder().encodeToString(entity.data().inline()));
            } else {
                data.put("gridFsId", entity.data().gridFsId());
            }
        }
        return node;
    }

    private static Entity entityFrom(JsonNode node) {
        DataRef data = null;
        JsonNode stored = node.path("data");
        if (stored.isObject()) {
            data = new DataRef(
                    stored.path("size").asLong(),
                    stored.path("sha256").asText(null),
                    stored.hasNonNull("gridFsId") ? stored.path("gridFsId").asText() : null,
                    stored.hasNonNull("inline")
                            ? Base64.getDecoder().decode(stored.path("inline").asText())
                            : null);
        }
        List<String> refs = new ArrayList<>();
        node.path("refs").forEach(ref -> refs.add(ref.asText()));
        return new Entity(
                node.path("id").asText(),
                node.path("version").asLong(),
                EntityType.parse(node.path("type").asText()),
                node.path("name").asText(),
                node.hasNonNull("parent") ? node.path("parent").asText() : null,
                node.path("properties").isObject() ? (ObjectNode) node.path("properties") : Json.object(),
                refs,
                data,
                node.path("saveId").asText(null),
                EntityTyping.origin(node.get("origin")),
                EntityTyping.propertyTypes(node.get("propertyTypes")));
    }

    private static List<JsonNode> lines(InputStream in) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(new NonClosing(in), StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank()) {
                nodes.add(Json.mapper().readTree(line));
            }
        }
        return nodes;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static void line(ZipOutputStream zip, JsonNode node) {
        write(zip, Json.writeBytes(node));
        write(zip, new byte[] {'\n'});
    }

    private static void write(ZipOutputStream zip, byte[] bytes) {
        try {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps GridFS and readers from closing the zip stream when they finish with one entry. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The zip stream stays open for the next entry.
        }
    }
}
