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
import java.util.Optional;
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

    /**
     * Records a heartbeat; false when the LSS must register again: it is not registered (dropped,
     * or never seen), or the GSS found it silent meanwhile and waits for it to register and report
     * its sessions afresh.
     */
    public boolean beat(String id, Instant now) {
        return registry.updateOne(
                                Filters.and(Filters.eq("_id", id), Filters.exists("silentSince", false)),
                                Updates.set("lastBeat", Date.from(now)))
                        .getMatchedCount()
                == 1;
    }

    public Optional<LssRecord> find(String id) {
        return Optional.ofNullable(registry.find(Filters.eq("_id", id)).first()).map(LssRegistry::fromDocument);
    }

    /**
     * Notes that the GSS found the LSS silent and waits for it, unless it beat or registered
     * again after {@code lss} was read or is already waited for.
     *
     * @return whether this call marked it
     */
    public boolean markSilent(LssRecord lss, Instant now) {
        return registry.updateOne(
                                Filters.and(
                                        Filters.eq("_id", lss.id()),
                                        Filters.eq("lastBeat", Date.from(lss.lastBeat())),
                                        Filters.exists("silentSince", false)),
                                Updates.set("silentSince", Date.from(now)))
                        .getModifiedCount()
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
        Document document = new Document("_id", lss.id())
                .append("url", lss.url().toString())
                .append("capacity", lss.capacity())
                .append("sessionTypes", lss.sessionTypes())
                .append("registeredAt", Date.from(lss.registeredAt()))
                .append("lastBeat", Date.from(lss.lastBeat()));
        if (lss.silentSince() != null) {
            document.append("silentSince", Date.from(lss.silentSince()));
        }
        return document;
    }

    private static LssRecord fromDocument(Document d) {
        return new LssRecord(
                d.getString("_id"),
                URI.create(d.getString("url")),
                d.getInteger("capacity"),
                d.getList("sessionTypes", String.class, List.of()),
                d.getDate("registeredAt").toInstant(),
                d.getDate("lastBeat").toInstant(),
                d.getDate("silentSince") == null
                        ? null
                        : d.getDate("silentSince").toInstant());
    }
}
