package org.opentwinj.services.auth.login;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.opentwinj.services.auth.Duplicates;

/**
 * Revoked tokens and login families in {@code auth_revocations}, so revocations survive a
 * restart. Each entry keeps the expiry of what it revokes; expired entries are purged in code
 * (the embedded server ignores TTL indexes), at most once a minute.
 */
public final class RevocationStore {
    public static final String COLLECTION = "auth_revocations";
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final MongoCollection<Document> revocations;
    private final Clock clock;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.MIN);

    public RevocationStore(MongoDatabase database, Clock clock) {
        this.revocations = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /**
     * Revokes one token by its id.
     *
     * @return false if it was revoked already: the atomic insert is what makes refresh
     *     token rotation safe when the same token is presented twice at once
     */
    public boolean revokeToken(String tokenId, Instant expiresAt) {
        return insert("token:" + tokenId, expiresAt);
    }

    /** Revokes every token of a login family issued until {@code expiresAt}. */
    public void revokeFamily(String family, Instant expiresAt) {
        insert("family:" + family, expiresAt);
    }

    public boolean isRevoked(String tokenId, String family) {
        List<String> keys =
                family == null ? List.of("token:" + tokenId) : List.of("token:" + tokenId, "family:" + family);
        return revocations.find(Filters.in("_id", keys)).first() != null;
    }

    public boolean isFamilyRevoked(String family) {
        return family != null
                && revocations.find(Filters.eq("_id", "family:" + family)).first() != null;
    }

    /**
     * Revokes every token of a user issued until now (the user was deleted); a user created
     * later under the same name gets tokens issued after, which stand.
     */
    public void revokeUser(String user, Instant expiresAt) {
        Instant now = clock.instant();
        revocations.replaceOne(
                Filters.eq("_id", "user:" + user),
                new Document("_id", "user:" + user)
                        .append("expiresAt", Date.from(expiresAt))
                        .append("since", Date.from(now)),
                new ReplaceOptions().upsert(true));
    }

    /** Every revocation in force, for the other services ({@code Auth.Revocations}). */
    public Revocations inForce() {
        List<String> tokens = new ArrayList<>();
        List<String> families = new ArrayList<>();
        Map<String, Instant> users = new TreeMap<>();
        revocations.find(Filters.gte("expiresAt", Date.from(clock.instant()))).forEach(entry -> {
            String id = entry.getString("_id");
            if (id.startsWith("token:")) {
                tokens.add(id.substring("token:".length()));
            } else if (id.startsWith("family:")) {
                families.add(id.substring("family:".length()));
            } else if (id.startsWith("user:")) {
                users.put(id.substring("user:".length()), entry.getDate("since").toInstant());
            }
        });
        return new Revocations(tokens, families, users);
    }

    /**
     * @param tokens   revoked token ids
     * @param families revoked login families
     * @param users    deleted users: their tokens issued until then are revoked
     */
    public record Revocations(List<String> tokens, List<String> families, Map<String, Instant> users) {}

    /** Deletes entries whose tokens have expired anyway. */
    public void purgeExpired() {
        Instant now = clock.instant();
        lastPurge.set(now);
        revocations.deleteMany(Filters.lt("expiresAt", Date.from(now)));
    }

    private boolean insert(String id, Instant expiresAt) {
        Instant previous = lastPurge.get();
        if (clock.instant().isAfter(previous.plus(PURGE_INTERVAL))
                && lastPurge.compareAndSet(previous, clock.instant())) {
            purgeExpired();
        }
        try {
            revocations.insertOne(new Document("_id", id).append("expiresAt", Date.from(expiresAt)));
            return true;
        } catch (MongoWriteException e) {
            if (Duplicates.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }
}
