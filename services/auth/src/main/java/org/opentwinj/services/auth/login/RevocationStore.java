package org.opentwinj.services.auth.login;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
        List<String> keys = family == null ? List.of("token:" + tokenId) : List.of("token:" + tokenId, "family:" + family);
        return revocations.find(Filters.in("_id", keys)).first() != null;
    }

    public boolean isFamilyRevoked(String family) {
        return family != null && revocations.find(Filters.eq("_id", "family:" + family)).first() != null;
    }

    /** Deletes entries whose tokens have expired anyway. */
    public void purgeExpired() {
        Instant now = clock.instant();
        lastPurge.set(now);
        revocations.deleteMany(Filters.lt("expiresAt", Date.from(now)));
    }

    private boolean insert(String id, Instant expiresAt) {
        Instant previous = lastPurge.get();
        if (clock.instant().isAfter(previous.plus(PURGE_INTERVAL)) && lastPurge.compareAndSet(previous, clock.instant())) {
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
