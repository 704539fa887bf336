package org.opentwinj.services.model.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.bson.types.Binary;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.storage.LongCursors;

/**
 * Entity versions, one document each, keyed {@code <id>@<version>}. Written once, never
 * changed; removed only when the save that wrote them never became visible, or with the
 * project.
 */
public final class EntityStore {
    private static final JsonWriterSettings RELAXED =
            JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final int BATCH = 1000;

    private final MongoCollection<Document> entities;

    public EntityStore(MongoCollection<Document> entities) {
        this.entities = entities;
        // Speeds up finding what an interrupted save left on MongoDB; correctness never depends on it.
        entities.createIndex(Indexes.ascending("version"));
    }

    public void insert(Entity entity) {
        entities.insertOne(toDocument(entity));
    }

    /** The entity versions for the keys ({@code id@version}), in no particular order. */
    public Map<String, Entity> find(Collection<String> keys) {
        Map<String, Entity> found = new LinkedHashMap<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            entities.find(Filters.in("_id", batch)).forEach(document -> {
                Entity entity = fromDocument(document);
                found.put(entity.key(), entity);
            });
        }
        return found;
    }

    /** Removes the entity versions one save wrote (it never became visible). */
    public long deleteSave(long version, String saveId) {
        return entities.deleteMany(Filters.and(Filters.eq("version", version), Filters.eq("saveId", saveId)))
                .getDeletedCount();
    }

    /** The highest version any entity document has (0 when none). */
    public long highestVersion() {
        Document last =
                entities.find().sort(new Document("version", -1)).limit(1).first();
        return last == null ? 0 : number(last, "version");
    }

    /** Removes the entity versions written by saves that never became visible. */
    public long deleteVersions(Collection<Long> versions) {
        if (versions.isEmpty()) {
            return 0;
        }
        return entities.deleteMany(Filters.in("version", List.copyOf(versions))).getDeletedCount();
    }

    /** Entity documents per batch when every entity version is read. */
    static final int EXPORT_BATCH = 256;

    /** Every entity version, for export; in batches, as {@code StateStore.forEach} explains. */
    public void forEach(Consumer<Entity> consumer) {
        LongCursors.perBatch(
                        entities,
                        entities.find().sort(new Document("version", 1)).batchSize(EXPORT_BATCH))
                .forEach(document -> consumer.accept(fromDocument(document)));
    }

    public long count() {
        return entities.countDocuments();
    }

    static Document toDocument(Entity e) {
        Document document = new Document("_id", e.key())
                .append("id", e.id())
                .append("version", e.version())
                .append("type", e.type().label())
                .append("name", e.name())
                .append("parent", e.parent())
                .append("properties", Document.parse(e.properties().toString()))
                .append("refs", e.refs())
                .append("saveId", e.saveId());
        if (e.origin() != null) {
            document.append("origin", Document.parse(Json.write(e.origin())));
        }
        if (!e.propertyTypes().isEmpty()) {
            document.append(
                    "propertyTypes",
                    Document.parse(Json.write(Map.of("list", e.propertyTypes())))
                            .get("list"));
        }
        if (e.data() != null) {
            Document data = new Document("size", e.data().size())
                    .append("sha256", e.data().sha256());
            if (e.data().isInline()) {
                data.append("inline", new Binary(e.data().inline()));
            } else {
                data.append("gridFsId", e.data().gridFsId());
            }
            document.append("data", data);
        }
        return document;
    }

    static Entity fromDocument(Document d) {
        DataRef data = null;
        Document stored = d.get("data", Document.class);
        if (stored != null) {
            Binary inline = stored.get("inline", Binary.class);
            data = new DataRef(
                    number(stored, "size"),
                    stored.getString("sha256"),
                    stored.getString("gridFsId"),
                    inline == null ? null : inline.getData());
        }
        ObjectNode properties;
        JsonNode typing;
        try {
            properties = (ObjectNode)
                    Json.mapper().readTree(d.get("properties", Document.class).toJson(RELAXED));
            Document typed = new Document("origin", d.get("origin")).append("propertyTypes", d.get("propertyTypes"));
            typing = Json.mapper().readTree(typed.toJson(RELAXED));
        } catch (IOException e) {
            throw new UncheckedIOException("entity " + d.getString("_id") + " has unreadable properties", e);
        }
        return new Entity(
                d.getString("id"),
                number(d, "version"),
                EntityType.parse(d.getString("type")),
                d.getString("name"),
                d.getString("parent"),
                properties,
                new ArrayList<>(d.getList("refs", String.class, List.of())),
                data,
                d.getString("saveId"),
                EntityTyping.origin(typing.get("origin")),
                EntityTyping.propertyTypes(typing.get("propertyTypes")));
    }

    static long number(Document d, String field) {
        Object value = d.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
