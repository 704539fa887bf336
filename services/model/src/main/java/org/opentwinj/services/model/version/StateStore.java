package org.opentwinj.services.model.version;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * The model versions (collection {@code _states}), keyed by version number. A version exists
 * exactly when its document does: the document is the last thing a save writes.
 */
public final class StateStore {
    private final MongoCollection<Document> states;

    public StateStore(MongoCollection<Document> states) {
        this.states = states;
    }

    /** @throws com.mongodb.MongoWriteException with a duplicate key when the number is taken */
    public void insert(ModelVersion version) {
        states.insertOne(toDocument(version));
    }

    public Optional<ModelVersion> find(long version) {
        return Optional.ofNullable(states.find(Filters.eq("_id", version)).first()).map(StateStore::fromDocument);
    }

    public Optional<ModelVersion> findBySave(String saveId) {
        return Optional.ofNullable(states.find(Filters.eq("saveId", saveId)).first()).map(StateStore::fromDocument);
    }

    /** The newest versions first, without their entity lists (for history). */
    public List<ModelVersion> newestFirst(long before, int limit) {
        List<ModelVersion> list = new ArrayList<>();
        states.find(Filters.lt("_id", before)).sort(Sorts.descending("_id")).limit(limit)
                .projection(Projections.exclude("entities", "deleted"))
                .forEach(document -> list.add(fromDocument(document)));
        return list;
    }

    /** The numbers of every version. */
    public Set<Long> numbers() {
        Set<Long> numbers = new HashSet<>();
        states.find().projection(Projections.include("_id")).forEach(document -> numbers.add(((Number) document.get("_id")).longValue()));
        return numbers;
    }

    public long count() {
        return states.countDocuments();
    }

    /**
     * Every version, oldest first, for export. Read in small batches: the embedded database
     * answers a cursor's getMore with everything left in one message unless asked otherwise, and
     * a long history of full states passes the driver's 48 MB message limit.
     */
    public void forEach(Consumer<ModelVersion> consumer) {
        states.find().sort(Sorts.ascending("_id")).batchSize(EXPORT_BATCH).forEach(document -> consumer.accept(fromDocument(document)));
    }

    /** Documents per batch when every version is read (a full state of 10,000 entities is ~150 kB). */
    static final int EXPORT_BATCH = 32;

    static Document toDocument(ModelVersion v) {
        Document entities = new Document();
        v.entities().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> entities.append(e.getKey(), e.getValue()));
        return new Document("_id", v.version()).append("parent", v.parent()).append("full", v.full()).append("entities", entities)
                .append("deleted", v.deleted()).append("chain", v.chain()).append("author", v.author()).append("message", v.message())
                .append("time", Date.from(v.time())).append("saveId", v.saveId()).append("size", v.size()).append("changed", v.changed());
    }

    static ModelVersion fromDocument(Document d) {
        Map<String, Long> entities = new LinkedHashMap<>();
        Document stored = d.get("entities", Document.class);
        if (stored != null) {
            stored.forEach((id, version) -> entities.put(id, ((Number) version).longValue()));
        }
        Object parent = d.get("parent");
        return new ModelVersion(((Number) d.get("_id")).longValue(), parent == null ? null : ((Number) parent).longValue(),
                d.getBoolean("full", false), entities, d.getList("deleted", String.class, List.of()), d.getInteger("chain", 0),
                d.getString("author"), d.getString("message"), d.getDate("time").toInstant(), d.getString("saveId"),
                d.getInteger("size", 0), d.getInteger("changed", 0));
    }
}
