package org.opentwinj.services.model.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.List;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.EntityOrigin;
import org.opentwinj.platform.session.ParamSpec;

/**
 * An entity's {@code origin} and {@code propertyTypes} as JSON, the one form the entity
 * documents, the archive and the replies share.
 */
public final class EntityTyping {
    private EntityTyping() {}

    /** The origin, or null when the node is absent or null. */
    public static EntityOrigin origin(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        try {
            return Json.mapper().treeToValue(node, EntityOrigin.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable entity origin " + node, e);
        }
    }

    /** The property types, empty when the node is absent or null. */
    public static List<ParamSpec> propertyTypes(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        try {
            return List.of(Json.mapper().treeToValue(node, ParamSpec[].class));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable entity property types " + node, e);
        }
    }
}
