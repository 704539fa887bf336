package org.opentwinj.services.model.version;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The head document in {@code _meta}. Every change is one conditional update of it, which is
 * how two writers are kept apart without transactions: a save first reserves the head
 * (naming the version it was made on), and only one writer can hold it.
 */
public final class HeadStore {
    static final String ID = "head";
    private static final String IMPORT = "import";

    private final MongoCollection<Document> meta;

    public HeadStore(MongoCollection<Document> meta) {
        this.meta = meta;
    }

    /** The head; an empty model's head is created on first read. */
    public Head read() {
        Document document = meta.find(Filters.eq("_id", ID)).first();
        if (document == null) {
            try {
                meta.insertOne(new Document("_id", ID)
                        .append("version", 0L)
                        .append("redo", List.of())
                        .append("nextVersion", 1L)
                        .append("pending", null));
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getError().getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            document = meta.find(Filters.eq("_id", ID)).first();
        }
        return fromDocument(document);
    }

    /**
     * Reserves the head for a save made on {@code expected}: succeeds only when the head is at
     * that version, no other save holds it, and the next number is still {@code number}.
     */
    public boolean reserve(long expected, long number, String saveId, Instant now) {
        return update(
                Filters.and(
                        Filters.eq("_id", ID),
                        Filters.eq("version", expected),
                        Filters.eq("pending", null),
                        Filters.eq("nextVersion", number)),
                Updates.combine(
                        Updates.set(
                                "pending",
                                new Document("saveId", saveId)
                                        .append("version", number)
                                        .append("since", Date.from(now))),
                        Updates.set("nextVersion", number + 1)));
    }

    /** Moves the head to the version the save wrote and releases it. */
    public boolean commit(String saveId, long version) {
        return update(
                Filters.and(Filters.eq("_id", ID), Filters.eq("pending.saveId", saveId)),
                Updates.combine(
                        Updates.set("version", version), Updates.set("redo", List.of()), Updates.set("pending", null)));
    }

    /** Releases the head after a save that did not finish. */
    public boolean release(String saveId) {
        return update(
                Filters.and(Filters.eq("_id", ID), Filters.eq("pending.saveId", saveId)), Updates.set("pending", null));
    }

    /** Moves the head (undo, redo, checkout) when it is at {@code from} and no save holds it. */
    public boolean move(long from, long to, List<Long> redo) {
        return update(
                Filters.and(Filters.eq("_id", ID), Filters.eq("version", from), Filters.eq("pending", null)),
                Updates.combine(Updates.set("version", to), Updates.set("redo", redo)));
    }

    /** Writes the head as given (an import into an empty project). */
    public void replace(Head head) {
        meta.replaceOne(
                Filters.eq("_id", ID),
                new Document("_id", ID)
                        .append("version", head.version())
                        .append("redo", head.redo())
                        .append("nextVersion", head.nextVersion())
                        .append("pending", null),
                new ReplaceOptions().upsert(true));
    }

    /** Raises the next version number to at least {@code next} (numbers are never handed out twice). */
    public boolean raiseNextVersion(long next) {
        return update(
                Filters.and(Filters.eq("_id", ID), Filters.lt("nextVersion", next)), Updates.set("nextVersion", next));
    }

    /** Marks an import under way: a project opened with the mark still there holds a partial import. */
    public void beginImport(Instant now) {
        meta.replaceOne(
                Filters.eq("_id", IMPORT),
                new Document("_id", IMPORT).append("since", Date.from(now)),
                new ReplaceOptions().upsert(true));
    }

    public void endImport() {
        meta.deleteOne(Filters.eq("_id", IMPORT));
    }

    public boolean importUnderWay() {
        return meta.find(Filters.eq("_id", IMPORT)).first() != null;
    }

    private boolean update(Bson filter, Bson update) {
        return meta.updateOne(filter, update).getModifiedCount() == 1;
    }

    static Head fromDocument(Document d) {
        Document pending = d.get("pending", Document.class);
        List<Long> redo = new ArrayList<>();
        for (Object value : d.getList("redo", Object.class, List.of())) {
            redo.add(((Number) value).longValue());
        }
        return new Head(
                ((Number) d.get("version")).longValue(),
                redo,
                ((Number) d.get("nextVersion")).longValue(),
                pending == null
                        ? null
                        : new Head.Pending(
                                pending.getString("saveId"),
                                ((Number) pending.get("version")).longValue(),
                                pending.getDate("since").toInstant()));
    }
}
