package org.opentwinj.services.gss.session;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * Which project is open in which session (collection {@code gss_open_projects}, keyed by
 * project id): inserting the document takes the project, so two users opening the same
 * project at once cannot both succeed, on MongoDB and on the embedded server alike.
 */
public final class ProjectLocks {
    public static final String COLLECTION = "gss_open_projects";

    /**
     * The session holding a project.
     *
     * @param project the project id
     * @param session the session holding it
     * @param user    who opened it
     * @param since   when
     */
    public record Lock(String project, String session, String user, Instant since) {}

    private final MongoCollection<Document> locks;

    public ProjectLocks(MongoDatabase database) {
        this.locks = database.getCollection(COLLECTION);
    }

    /** Takes the project for the session; empty on success, else the lock that holds it. */
    public Optional<Lock> tryLock(String project, String session, String user, Instant now) {
        try {
            locks.insertOne(new Document("_id", project)
                    .append("session", session)
                    .append("user", user)
                    .append("since", Date.from(now)));
            return Optional.empty();
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getError().getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document held = locks.find(Filters.eq("_id", project)).first();
            if (held == null) {
                // Released between our insert and our read: try once more.
                return tryLock(project, session, user, now);
            }
            return Optional.of(new Lock(
                    project,
                    held.getString("session"),
                    held.getString("user"),
                    held.getDate("since").toInstant()));
        }
    }

    /** Releases the project if this session holds it; a lock taken by a later session stays. */
    public void release(String project, String session) {
        locks.deleteOne(Filters.and(Filters.eq("_id", project), Filters.eq("session", session)));
    }
}
