package org.opentwinj.platform.compute.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a compute service does with its session's Model service: read entities and payloads,
 * stage payloads, save. {@link ModelClient} does it over mutual TLS; tests use a fake.
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
