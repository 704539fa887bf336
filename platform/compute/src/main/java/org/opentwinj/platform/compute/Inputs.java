package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The model as a command reads it: entities by id and their payloads. For a job it is the
 * model's current version when the job starts; for {@code Command.Compute} the update's
 * version, with the entities the update rebuilt already in their new state.
 */
public interface Inputs {
    /**
     * One entity as the Model lists it ({@code id}, {@code version}, {@code type}, {@code name},
     * {@code properties}, {@code refs}...).
     *
     * @throws org.opentwinj.platform.error.PublicException 404 when the model has no such entity
     */
    JsonNode entity(String id);

    /**
     * An entity's payload.
     *
     * @throws org.opentwinj.platform.error.PublicException 404 when it has none
     */
    byte[] data(String id);
}
