package org.opentwinj.services.model.rerun;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Model.SetProperties}: change some properties of one entity.
 *
 * @param id              the entity
 * @param properties      the changed properties only (the others keep their values)
 * @param expectedVersion the model version the edit was made on; 409 when the model moved on
 */
public record PropertyEdit(
        String id, ObjectNode properties, @OptionalField Long expectedVersion) {}
