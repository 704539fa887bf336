package org.opentwinj.services.model.version;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
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
import org.bson.conversions.Bson;
import org.opentwinj.platform.storage.LongCursors;

/**
 * The model versions (collection {@code _states}), keyed by version number. A version exists
 * exactly when its document does: the document is the last thing a save writes.
 *
 * <p>A version number whose save was given up is claimed by an <em>abort marker</em>, a
 * document with the same key and {@code aborted: true}. Whichever of the save's state document
 * and the marker is inserted first holds the number (one insert, unique key), so a save that
 * was given up while its writer still ran can never become visible afterwards. Markers are
 * invisible to every read here.
 */
public final class StateStore {
    private static final String ABORTED = "aborted";
    private static final Bson VISIBLE = Filters.ne(ABORTED, true);

    private final MongoCollection<Document> states;

    public StateStore(MongoCollection<Document> states) {
        this.states = states;
    }

    /** @throws com.mongodb.MongoWriteException with a duplicate key when the number is taken */
    public void insert(ModelVersion version) {
        states.insertOne(toDocument(version));
    }

    /**
     * Claims the number of a save that is given up, unless the save's state document got there
     * first.
     *
     * @return {@code true} when the number is (now or already) aborted; {@code false} when a
     *     version holds it
     */
    public boolean abort(long number, String saveId) {
        try {
            states.insertOne(new Document("_id", number).append(ABORTED, true).append("saveId", saveId));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getError().getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document holder = states.find(Filters.eq("_id", number)).first();
            return holder != null && holder.getBoolean(ABORTED, false);
        }
    }

    /** Removes the abort markers (a model with no version and no save under way needs none). */
    public void deleteAbortMarkers() {
        states.deleteMany(Filters.eq(ABORTED, true));
    }

    public Optional<ModelVersion> find(long version) {
        return Optional.ofNullable(states.find(Filters.and(Filters.eq("_id", version), VISIBLE))
                        .first())
                .map(StateStore::fromDocument);
    }

    public Optional<ModelVersion> findBySave(String saveId) {
        return Optional.ofNullable(states.find(Filters.and(Filters.eq("saveId", saveId), VISIBLE))
                        .first())
                .map(StateStore::fromDocument);
    }

    /** The highest number handed out to a version or an abort marker (0 when none). */
    public long highestNumber() {
        Document last = states.find()
                .sort(Sorts.descending("_id"))
                .limit(1)
                .projection(Projections.include("_id"))
                .first();
        return last == null ? 0 : ((Number) last.get("_id")).longValue();
    }

    /** The newest versions first, without their entity lists (for history). */
    public List<ModelVersion> newestFirst(long before, int limit) {
        List<ModelVersion> list = new ArrayList<>();
        states.find(Filters.and(Filters.lt("_id", before), VISIBLE))
                .sort(Sorts.descending("_id"))
                .limit(limit)
                .projection(Projections.exclude("entities", "deleted"))
                .forEach(document -> list.add(fromDocument(document)));
        return list;
    }

    /** The numbers of every version. */
    public Set<Long> numbers() {
        Set<Long> numbers = new HashSet<>();
        states.find(VISIBLE)
                .projection(Projections.include("_id"))
                .forEach(document -> numbers.add(((Number) document.get("_id")).longValue()));
        return numbers;
    }

    public long count() {
        return states.countDocuments(VISIBLE);
    }

    /**
     * Every version, oldest first, for export. Read in small batches: the embedded database
     * answers a cursor's getMore with everything left in one message unless asked otherwise, and
     * a long history of full states passes the driver's 48 MB message limit.
     */
    public void forEach(Consumer<ModelVersion> consumer) {
        LongCursors.perBatch(
                        states,
                        states.find(VISIBLE).sort(Sorts.ascending("_id")).batchSize(EXPORT_BATCH))
                .forEach(document -> consumer.accept(fromDocument(document)));
    }

    /** Documents per batch when every version is read (a full state of 10,000 entities is ~150 kB). */
    static final int EXPORT_BATCH = 32;

    static Document toDocument(ModelVersion v) {
        Document entities = new Document();
        v.entities().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> entities.append(e.getKey(), e.getValue()));
        return new Document("_id", v.version())
                .append("parent", v.parent())
                .append("full", v.full())
                .append("entities", entities)
                .append("deleted", v.deleted())
                .append("chain", v.chain())
                .append("author", v.author())
                .append("message", v.message())
                .append("time", Date.from(v.time()))
                .append("saveId", v.saveId())
                .append("size", v.size())
                .append("changed", v.changed());
    }

    static ModelVersion fromDocument(Document d) {
        Map<String, Long> entities = new LinkedHashMap<>();
        Document stored = d.get("entities", Document.class);
        if (stored != null) {
            stored.forEach((id, version) -> entities.put(id, ((Number) version).longValue()));
        }
        Object parent = d.get("parent");
        return new ModelVersion(
                ((Number) d.get("_id")).longValue(),
                parent == null ? null : ((Number) parent).longValue(),
                d.getBoolean("full", false),
                entities,
                d.getList("deleted", String.class, List.of()),
                d.getInteger("chain", 0),
                d.getString("author"),
                d.getString("message"),
                d.getDate("time").toInstant(),
                d.getString("saveId"),
                d.getInteger("size", 0),
                d.getInteger("changed", 0));
    }
}
