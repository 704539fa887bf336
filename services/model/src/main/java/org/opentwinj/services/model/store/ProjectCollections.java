package org.opentwinj.services.model.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.opentwinj.platform.storage.ProjectData;

/**
 * The collections of one project's model: {@code model_<project>_entities} (entity versions),
 * {@code _states} (model versions), {@code _meta} (head, labels) and the GridFS bucket
 * {@code model_<project>_blobs}, and {@code _jobs} (the session's job board). Keeping each project in its own collections makes deleting or
 * exporting a project a matter of its own collections.
 */
public final class ProjectCollections {
    private final MongoDatabase database;
    private final String prefix;

    public ProjectCollections(MongoDatabase database, String project) {
        this.database = database;
        this.prefix = ProjectData.prefix(project);
    }

    public MongoCollection<Document> entities() {
        return database.getCollection(prefix + "_entities");
    }

    public MongoCollection<Document> states() {
        return database.getCollection(prefix + "_states");
    }

    /** The session's job board (kept across a restart of the Model service). */
    public MongoCollection<Document> jobs() {
        return database.getCollection(prefix + "_jobs");
    }

    public MongoCollection<Document> meta() {
        return database.getCollection(prefix + "_meta");
    }

    /**
     * The payload bucket, without the operation timeout: the driver counts an upload or a
     * download from its start to its end as one operation, and a large payload may take longer
     * than any sensible bound for one read or write, and GridFS has no per-batch mode. So a
     * transfer waits for a stalled database as every operation did before the timeout existed.
     */
    public GridFSBucket blobs() {
        MongoDatabase unbounded = database.getTimeout(TimeUnit.MILLISECONDS) == null
                ? database
                : database.withTimeout(0, TimeUnit.MILLISECONDS);
        return GridFSBuckets.create(unbounded, prefix + "_blobs");
    }

    /** Every collection of the project, GridFS included. */
    public List<String> names() {
        return ProjectData.SUFFIXES.stream().map(suffix -> prefix + suffix).toList();
    }

    /** Drops every collection of the project (those that exist: the embedded server logs an error for the others). */
    public void dropAll() {
        Set<String> existing = database.listCollectionNames().into(new HashSet<>());
        for (String name : names()) {
            if (existing.contains(name)) {
                database.getCollection(name).drop();
            }
        }
    }
}
