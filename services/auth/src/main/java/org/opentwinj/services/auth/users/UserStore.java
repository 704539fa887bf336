package org.opentwinj.services.auth.users;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.services.auth.Duplicates;

/** The {@code users} collection: one document per user, keyed by name. */
public final class UserStore {
    public static final String COLLECTION = "users";

    private final MongoCollection<Document> users;

    public UserStore(MongoDatabase database) {
        this.users = database.getCollection(COLLECTION);
    }

    public Optional<User> find(String name) {
        return Optional.ofNullable(users.find(Filters.eq("_id", name)).first()).map(UserStore::user);
    }

    /** The user, or 404. */
    public User require(String name) {
        return find(name).orElseThrow(() -> PublicException.notFound("unknown user '" + name + "'"));
    }

    public boolean exists(String name) {
        return users.countDocuments(Filters.eq("_id", name)) > 0;
    }

    public boolean isEmpty() {
        return users.countDocuments() == 0;
    }

    /** @throws PublicException 409 if the name is taken */
    public void insert(User user) {
        try {
            users.insertOne(new Document("_id", user.name())
                    .append("passwordHash", user.passwordHash())
                    .append("roles", user.roles())
                    .append("enabled", user.enabled()));
        } catch (MongoWriteException e) {
            if (Duplicates.isDuplicateKey(e)) {
                throw PublicException.conflict("user '" + user.name() + "' exists already");
            }
            throw e;
        }
    }

    public List<User> all() {
        List<User> all = new ArrayList<>();
        users.find().sort(new Document("_id", 1)).forEach(doc -> all.add(user(doc)));
        return all;
    }

    /** Enabled admins other than the given user: the ones left if that user goes away. */
    public long otherEnabledAdmins(String name) {
        return users.countDocuments(
                Filters.and(Filters.ne("_id", name), Filters.eq("roles", "admin"), Filters.eq("enabled", true)));
    }

    /** @return false if there is no such user */
    public boolean setRoles(String name, List<String> roles) {
        return users.updateOne(Filters.eq("_id", name), Updates.set("roles", roles))
                        .getMatchedCount()
                > 0;
    }

    /** @return false if there is no such user */
    public boolean setEnabled(String name, boolean enabled) {
        return users.updateOne(Filters.eq("_id", name), Updates.set("enabled", enabled))
                        .getMatchedCount()
                > 0;
    }

    /**
     * Replaces the hash only if it is still the one the caller checked, so that two
     * concurrent changes cannot both succeed against the same old password.
     */
    public boolean replacePasswordHash(String name, String expectedOld, String newHash) {
        return users.updateOne(
                                Filters.and(Filters.eq("_id", name), Filters.eq("passwordHash", expectedOld)),
                                Updates.set("passwordHash", newHash))
                        .getModifiedCount()
                > 0;
    }

    /** The names of the disabled users. */
    public List<String> disabledNames() {
        List<String> names = new ArrayList<>();
        users.find(Filters.eq("enabled", false))
                .projection(new Document("_id", 1))
                .forEach(doc -> names.add(doc.getString("_id")));
        return names;
    }

    public boolean delete(String name) {
        return users.deleteOne(Filters.eq("_id", name)).getDeletedCount() > 0;
    }

    private static User user(Document doc) {
        return new User(
                doc.getString("_id"),
                doc.getString("passwordHash"),
                doc.getList("roles", String.class, List.of()),
                doc.getBoolean("enabled", true));
    }
}
