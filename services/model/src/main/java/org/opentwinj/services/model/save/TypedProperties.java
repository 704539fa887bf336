package org.opentwinj.services.model.save;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.EntityLookup;
import org.opentwinj.platform.session.EntityOrigin;
import org.opentwinj.platform.session.ParamCheck;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.services.model.store.Entity;
import org.opentwinj.services.model.store.EntityStore;
import org.opentwinj.services.model.store.EntityType;

/**
 * The save's check of typed entities, before anything is written: properties that pass
 * {@link ParamCheck} against the entity's {@code propertyTypes} (defaults applied), and an
 * {@code origin} whose inputs are in the model after the save. A refusal names the entity.
 */
final class TypedProperties {
    private TypedProperties() {}

    /**
     * @param puts   the save's puts by id (replaced by puts with checked properties)
     * @param after  the model after the save: entity id to version (-1 for the puts)
     * @throws PublicException 400 naming the entity and the property or input
     */
    static void check(Map<String, EntityPut> puts, Map<String, Long> after, EntityStore store) {
        EntityLookup lookup = typesAfter(puts, after, store);
        for (Map.Entry<String, EntityPut> entry : puts.entrySet()) {
            EntityPut put = entry.getValue();
            String which = "entity '" + put.name() + "' (" + entry.getKey() + ")";
            EntityOrigin origin = put.origin();
            if (origin != null) {
                if (origin.service() == null
                        || origin.service().isBlank()
                        || origin.command() == null
                        || origin.command().isBlank()) {
                    throw new PublicException(which + ": its origin needs a service and a command");
                }
                for (String input : origin.inputs()) {
                    // Made from itself is in the model: OriginCycles refuses it as the cycle it is.
                    if (!after.containsKey(input)) {
                        throw new PublicException(
                                which + ": its origin names input " + input + ", which is not in the model");
                    }
                }
            }
            List<ParamSpec> types = put.types();
            if (types.isEmpty()) {
                continue;
            }
            try {
                ParamCheck.validateSpecs(types);
            } catch (IllegalArgumentException e) {
                throw new PublicException(which + ": its property types are invalid: " + e.getMessage());
            }
            Map<String, JsonNode> values = new LinkedHashMap<>();
            if (put.properties() != null) {
                put.properties().properties().forEach(field -> values.put(field.getKey(), field.getValue()));
            }
            Map<String, JsonNode> checked;
            try {
                checked = ParamCheck.check(types, values, lookup);
            } catch (PublicException e) {
                throw new PublicException(which + ": " + e.getMessage());
            }
            ObjectNode properties = Json.object();
            checked.forEach(properties::set);
            entry.setValue(put.withProperties(properties));
        }
    }

    /** Entity types after the save, read lazily: only ENTITY values make the store be asked. */
    private static EntityLookup typesAfter(Map<String, EntityPut> puts, Map<String, Long> after, EntityStore store) {
        Map<String, Optional<String>> cache = new HashMap<>();
        return id -> cache.computeIfAbsent(id, key -> {
            if (!after.containsKey(key)) {
                return Optional.empty();
            }
            EntityPut put = puts.get(key);
            if (put != null) {
                return Optional.of(EntityType.parse(put.type()).label());
            }
            return store.find(List.of(Entity.key(key, after.get(key)))).values().stream()
                    .findFirst()
                    .map(entity -> entity.type().label());
        });
    }
}
