package org.opentwinj.platform.compute.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a compute service does with its session's Model service: read entities, payloads and
 * staged uploads, stage payloads, save. {@link ModelClient} does it over mutual TLS; tests use a fake.
 */
public interface ModelAccess {
    /**
     * An entity as {@code Model.Entity} answers it.
     *
     * @param version the model version, or null for the current one
     * @throws org.opentwinj.platform.error.PublicException 404 for an unknown entity, 503 when
     *     the Model cannot be reached
     */
    JsonNode entity(String id, Long version);

    /**
     * An entity's whole payload ({@code Model.ReadData}, part after part).
     *
     * @throws org.opentwinj.platform.error.PublicException 404 when it has none
     */
    byte[] data(String id, Long version);

    /**
     * A staged upload's whole payload ({@code Model.ReadData {upload}}, part after part): an
     * entity rebuilt earlier in a parametric update, by whichever service, before it is saved.
     *
     * @throws org.opentwinj.platform.error.PublicException 404 when the Model has no such upload
     */
    byte[] staged(String upload);

    /**
     * Stages a payload at the Model ({@code Model.StageData}), for a save's {@code stagedData}.
     *
     * @return the upload's id
     */
    String stage(byte[] data);

    /**
     * Saves {@code puts} in one new model version ({@code Model.Save}) on behalf of the user
     * whose token is given, so that the version's author is that user.
     *
     * @return the new version and the ids of the entities written (new ones included), in put order
     * @throws org.opentwinj.platform.error.PublicException with the Model's reason when it refuses
     */
    Saved save(String message, List<ObjectNode> puts, String userToken);

    /**
     * Saves a job's results in one new model version ({@code Model.Save} with {@code job}), as
     * this service: no user token is needed, so a job may outlive the token of the user who
     * started it. The Model checks that the job is this service's and running on its job board,
     * and makes the job's user the version's author.
     *
     * @return the new version and the ids of the entities written, in put order
     * @throws org.opentwinj.platform.error.PublicException with the Model's reason when it refuses
     */
    Saved saveForJob(String job, String message, List<ObjectNode> puts);

    /**
     * A save's outcome.
     *
     * @param version  the new model version
     * @param entities the ids of the entities written
     */
    record Saved(long version, List<String> entities) {
        public Saved {
            entities = List.copyOf(entities);
        }
    }
}
