package org.opentwinj.services.auth.keys;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.nimbusds.jose.jwk.ECKey;
import java.text.ParseException;
import java.util.Date;
import org.bson.Document;
import org.opentwinj.platform.tokens.TokenIssuer;
import org.opentwinj.services.auth.Duplicates;

/**
 * The token signing key, kept in the {@code auth_keys} collection so that tokens stay valid
 * across restarts and every AUTH instance on the same database signs with the same key. The
 * private key is stored as a JWK: whoever can read this collection can mint tokens, so the
 * database must be protected like the CA key.
 */
public final class SigningKeyStore {
    public static final String COLLECTION = "auth_keys";
    private static final String ID = "signing";

    private SigningKeyStore() {}

    /** The stored key, or a new one stored first; when two instances race, both end up with the winner's key. */
    public static ECKey loadOrCreate(MongoDatabase database) {
        MongoCollection<Document> keys = database.getCollection(COLLECTION);
        Document stored = keys.find(Filters.eq("_id", ID)).first();
        if (stored == null) {
            ECKey fresh = TokenIssuer.generateKey();
            try {
                keys.insertOne(new Document("_id", ID)
                        .append("jwk", fresh.toJSONString())
                        .append("createdAt", new Date()));
                return fresh;
            } catch (MongoWriteException e) {
                if (!Duplicates.isDuplicateKey(e)) {
                    throw e;
                }
                stored = keys.find(Filters.eq("_id", ID)).first();
            }
        }
        try {
            return ECKey.parse(stored.getString("jwk"));
        } catch (ParseException | NullPointerException e) {
            throw new IllegalStateException("the signing key in collection " + COLLECTION + " is unreadable", e);
        }
    }
}
