package org.opentwinj.cli.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The model's entities as {@code Model.Entities} lists them, to find the one a user names by
 * id or by name for an ENTITY parameter; an id wins over a name.
 */
public record EntityIndex(JsonNode entities) implements ParamValues.EntityFinder {
    @Override
    public String idOf(String parameter, String reference, List<String> types) {
        for (JsonNode entity : entities) {
            if (entity.path("id").asText().equals(reference)) {
                String type = entity.path("type").asText();
                if (!types.isEmpty() && !types.contains(type)) {
                    throw ParamValues.refused("parameter '" + parameter + "': entity " + reference + " is a " + type
                            + ", the parameter takes a " + String.join(" or ", types));
                }
                return reference;
            }
        }
        List<String> named = new ArrayList<>();
        List<String> otherTypes = new ArrayList<>();
        for (JsonNode entity : entities) {
            if (entity.path("name").asText().equals(reference)) {
                String type = entity.path("type").asText();
                (types.isEmpty() || types.contains(type) ? named : otherTypes)
                        .add(entity.path("id").asText());
            }
        }
        if (named.size() == 1) {
            return named.getFirst();
        }
        if (named.size() > 1) {
            throw ParamValues.refused("parameter '" + parameter + "': several entities are named '" + reference
                    + "': give the id, one of " + String.join(", ", named));
        }
        throw ParamValues.refused("parameter '" + parameter + "': the model has no "
                + (types.isEmpty() ? "entity" : String.join(" or ", types)) + " named or numbered '" + reference + "'"
                + (otherTypes.isEmpty() ? "" : " (only of other types: " + String.join(", ", otherTypes) + ")")
                + "; 'opentwin model entities PROJECT' lists them");
    }
}
