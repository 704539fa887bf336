package org.opentwinj.services.auth.projects;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.services.auth.Duplicates;

/**
 * The {@code projects} collection. Shares are a sub-document keyed by group name, so that
 * sharing and unsharing are single atomic {@code $set}/{@code $unset} updates; a unique index on
 * (owner, name) makes names unique per owner on both MongoDB and the embedded server. A group
 * name may hold '.', which a field name cannot (it would be read as a path): in the key each '.'
 * is stored as {@link #DOT_IN_KEY}, a character group names never hold.
 */
public final class ProjectStore {
    public static final String COLLECTION = "projects";

    /** What stands for '.' in a share's key; {@code NameRule.GROUP} refuses it in names, so the key reads back. */
    static final char DOT_IN_KEY = ':';

    private final MongoCollection<Document> projects;

    public ProjectStore(MongoDatabase database) {
        this.projects = database.getCollection(COLLECTION);
        projects.createIndex(
                Indexes.ascending("owner", "name"),
                new IndexOptions().unique(true).name("owner_name_unique"));
    }

    public Optional<Project> find(String id) {
        return Optional.ofNullable(projects.find(Filters.eq("_id", id)).first()).map(ProjectStore::project);
    }

    public Project require(String id) {
        return find(id).orElseThrow(() -> PublicException.notFound("unknown project '" + id + "'"));
    }

    public void insert(Project project) {
        try {
            projects.insertOne(new Document("_id", project.id())
                    .append("name", project.name())
                    .append("owner", project.owner())
                    .append("shares", new Document()));
        } catch (MongoWriteException e) {
            throw duplicateOr(e, project.owner(), project.name());
        }
    }

    /** Projects the user owns or that are shared with one of the groups. */
    public List<Project> visibleTo(String user, Collection<String> groups) {
        List<Bson> any = new ArrayList<>();
        any.add(Filters.eq("owner", user));
        groups.forEach(group -> any.add(Filters.exists(shareField(group))));
        List<Project> list = new ArrayList<>();
        projects.find(Filters.or(any)).sort(new Document("name", 1)).forEach(doc -> list.add(project(doc)));
        return list;
    }

    public long countOwnedBy(String user) {
        return projects.countDocuments(Filters.eq("owner", user));
    }

    public void rename(Project project, String name) {
        update(project, Updates.set("name", name), project.owner(), name);
    }

    public void transfer(Project project, String newOwner) {
        update(project, Updates.set("owner", newOwner), newOwner, project.name());
    }

    public void share(String id, String group, ProjectAccess access) {
        projects.updateOne(Filters.eq("_id", id), Updates.set(shareField(group), access.label()));
    }

    public void unshare(String id, String group) {
        projects.updateOne(Filters.eq("_id", id), Updates.unset(shareField(group)));
    }

    /** Removes a deleted group's shares from every project. */
    public void unshareEverywhere(String group) {
        projects.updateMany(Filters.exists(shareField(group)), Updates.unset(shareField(group)));
    }

    public boolean delete(String id) {
        return projects.deleteOne(Filters.eq("_id", id)).getDeletedCount() > 0;
    }

    private void update(Project project, Bson update, String owner, String name) {
        try {
            if (projects.updateOne(Filters.eq("_id", project.id()), update).getMatchedCount() == 0) {
                throw PublicException.notFound("unknown project '" + project.id() + "'");
            }
        } catch (MongoWriteException e) {
            throw duplicateOr(e, owner, name);
        }
    }

    private static RuntimeException duplicateOr(MongoWriteException e, String owner, String name) {
        return Duplicates.isDuplicateKey(e)
                ? PublicException.conflict("user '" + owner + "' already has a project named '" + name + "'")
                : e;
    }

    /** The path of a group's share: {@code shares.<group>}, its dots stored as {@link #DOT_IN_KEY}. */
    static String shareField(String group) {
        return "shares." + group.replace('.', DOT_IN_KEY);
    }

    private static Project project(Document doc) {
        Map<String, String> shares = new LinkedHashMap<>();
        Document stored = doc.get("shares", Document.class);
        if (stored != null) {
            stored.forEach((key, access) -> shares.put(key.replace(DOT_IN_KEY, '.'), String.valueOf(access)));
        }
        return new Project(doc.getString("_id"), doc.getString("name"), doc.getString("owner"), shares);
    }
}
