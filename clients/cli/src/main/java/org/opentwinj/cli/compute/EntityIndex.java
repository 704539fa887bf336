package org.opentwinj.cli.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.session.EntityLookup;
import org.opentwinj.platform.session.ParamCheck;

/**
 * The model's entities as {@code Model.Entities} lists them: finds the one a user names by id
 * or by name for an ENTITY parameter (an id wins over a name), and tells {@link ParamCheck}
 * their types, so that an entity of another type, or none, is refused in the check's words.
 */
public record EntityIndex(JsonNode entities) implements EntityLookup {
    /** For params that name no entity: a model looked at as empty. */
    public static EntityIndex none() {
        return new EntityIndex(JsonNodeFactory.instance.arrayNode());
    }

    /**
     * The id of the entity a user means: an id as it is; a name, the one entity of that name
     * among the parameter's types (several: refused, naming their ids, since only the user
     * knows which). A name only entities of other types have gives one of them and a name no
     * entity has gives the name itself: the check refuses either, saying why.
     *
     * @param parameter the parameter, for messages
     * @param reference the id or name the user gave
     * @param types     the entity types the parameter accepts (empty: any)
     * @throws ExitException (exit 2) when several entities of those types have the name
     */
    public String idOf(String parameter, String reference, List<String> types) {
        if (typeOf(reference).isPresent()) {
            return reference;
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
        if (named.size() > 1) {
            throw ParamValues.refused("parameter '" + parameter + "': several entities are named '" + reference
                    + "': give the id, one of " + String.join(", ", named));
        }
        return named.isEmpty() ? otherTypes.stream().findFirst().orElse(reference) : named.getFirst();
    }

    @Override
    public Optional<String> typeOf(String id) {
        for (JsonNode entity : entities) {
            if (entity.path("id").asText().equals(id)) {
                return Optional.of(entity.path("type").asText());
            }
        }
        return Optional.empty();
    }
}
