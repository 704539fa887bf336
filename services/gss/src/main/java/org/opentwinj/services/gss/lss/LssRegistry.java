package org.opentwinj.services.gss.lss;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * The registered LSSs (collection {@code gss_lss}, keyed by LSS id). Kept in the database so
 * that a restarted GSS, or a second GSS replica, knows them without waiting for them to
 * register again.
 */
public final class LssRegistry {
    public static final String COLLECTION = "gss_lss";

    private final MongoCollection<Document> registry;

    public LssRegistry(MongoDatabase database) {
        this.registry = database.getCollection(COLLECTION);
    }

    public void register(LssRecord lss) {
        registry.replaceOne(Filters.eq("_id", lss.id()), toDocument(lss), new ReplaceOptions().upsert(true));
    }

    /** Records a heartbeat; false when the LSS is not registered (dropped, or never seen). */
    public boolean beat(String id, Instant now) {
        return registry.updateOne(Filters.eq("_id", id), Updates.set("lastBeat", Date.from(now)))
                        .getMatchedCount()
                == 1;
    }

    public List<LssRecord> all() {
        List<LssRecord> all = new ArrayList<>();
        registry.find().forEach(document -> all.add(fromDocument(document)));
        return all;
    }

    /** Removes the LSS unless it beat again after {@code lastBeat} (another GSS replica may have seen it). */
    public boolean drop(LssRecord lss) {
        return registry.deleteOne(Filters.and(
                                Filters.eq("_id", lss.id()), Filters.eq("lastBeat", Date.from(lss.lastBeat()))))
                        .getDeletedCount()
                == 1;
    }

    private static Document toDocument(LssRecord lss) {
        return new Document("_id", lss.id())
                .append("url", lss.url().toString())
                .append("capacity", lss.capacity())
                .append("sessionTypes", lss.sessionTypes())
                .append("registeredAt", Date.from(lss.registeredAt()))
                .append("lastBeat", Date.from(lss.lastBeat()));
    }

    private static LssRecord fromDocument(Document d) {
        return new LssRecord(
                d.getString("_id"),
                URI.create(d.getString("url")),
                d.getInteger("capacity"),
                d.getList("sessionTypes", String.class, List.of()),
                d.getDate("registeredAt").toInstant(),
                d.getDate("lastBeat").toInstant());
    }
}
