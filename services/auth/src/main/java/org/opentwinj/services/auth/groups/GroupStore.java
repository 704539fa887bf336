package org.opentwinj.services.auth.groups;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.services.auth.Duplicates;

/** The {@code groups} collection: one document per group, keyed by name, members in an array. */
public final class GroupStore {
    public static final String COLLECTION = "groups";

    private final MongoCollection<Document> groups;

    public GroupStore(MongoDatabase database) {
        this.groups = database.getCollection(COLLECTION);
    }

    public Optional<Group> find(String name) {
        return Optional.ofNullable(groups.find(Filters.eq("_id", name)).first()).map(GroupStore::group);
    }

    public Group require(String name) {
        return find(name).orElseThrow(() -> PublicException.notFound("unknown group '" + name + "'"));
    }

    public void insert(Group group) {
        try {
            groups.insertOne(new Document("_id", group.name())
                    .append("owner", group.owner())
                    .append("members", group.members()));
        } catch (MongoWriteException e) {
            if (Duplicates.isDuplicateKey(e)) {
                throw PublicException.conflict("group '" + group.name() + "' exists already");
            }
            throw e;
        }
    }

    public List<Group> all() {
        return list(new Document());
    }

    /** Groups the user belongs to or owns. */
    public List<Group> of(String user) {
        return list(Filters.or(Filters.eq("members", user), Filters.eq("owner", user)));
    }

    /** Names of the groups the user is a member of: the ones whose shares give the user access. */
    public List<String> namesOf(String user) {
        List<String> names = new ArrayList<>();
        groups.find(Filters.eq("members", user)).forEach(doc -> names.add(doc.getString("_id")));
        return names;
    }

    /** @return false if the group does not exist */
    public boolean addMember(String group, String user) {
        return groups.updateOne(Filters.eq("_id", group), Updates.addToSet("members", user))
                        .getMatchedCount()
                > 0;
    }

    public boolean removeMember(String group, String user) {
        return groups.updateOne(Filters.eq("_id", group), Updates.pull("members", user))
                        .getMatchedCount()
                > 0;
    }

    /** Removes a deleted user from every group. */
    public void removeEverywhere(String user) {
        groups.updateMany(Filters.eq("members", user), Updates.pull("members", user));
    }

    public boolean delete(String group) {
        return groups.deleteOne(Filters.eq("_id", group)).getDeletedCount() > 0;
    }

    private List<Group> list(Bson filter) {
        List<Group> list = new ArrayList<>();
        groups.find(filter).sort(new Document("_id", 1)).forEach(doc -> list.add(group(doc)));
        return list;
    }

    private static Group group(Document doc) {
        return new Group(doc.getString("_id"), doc.getString("owner"), doc.getList("members", String.class, List.of()));
    }
}
