package org.opentwinj.services.model.save;

import java.util.List;
import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Model.Save}: a new model version made on {@code expectedVersion}.
 *
 * @param expectedVersion the version the changes were made on (0 for an empty model); if the
 *                        model moved on since, the save is refused with 409 and nothing is lost
 * @param message         what the change is
 * @param put             entities to add or change
 * @param delete          ids of entities to delete
 * @param job             a job of the session's job board whose results these are: then the
 *                        job's own service saves them with its certificate, without a token, and
 *                        the job's user is the author ({@link org.opentwinj.services.model.jobs.JobSaves})
 */
public record SaveRequest(
        long expectedVersion,
        @OptionalField String message,
        @OptionalField List<EntityPut> put,
        @OptionalField List<String> delete,
        @OptionalField String job) {
    /** A save of a user's (or a service's own) changes, not of a job's results. */
    public SaveRequest(long expectedVersion, String message, List<EntityPut> put, List<String> delete) {
        this(expectedVersion, message, put, delete, null);
    }

    public List<EntityPut> puts() {
        return put == null ? List.of() : put;
    }

    public List<String> deletes() {
        return delete == null ? List.of() : delete;
    }
}
