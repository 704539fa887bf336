package org.opentwinj.services.model.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.EntityOrigin;
import org.opentwinj.platform.session.ParamSpec;

/**
 * One version of an entity. Entity versions are immutable: a save that changes an entity
 * writes a new version numbered after the model version it creates.
 *
 * @param id         the entity's id, stable across versions
 * @param version    the model version that wrote this entity version
 * @param type       what it is
 * @param name       its name in the model tree
 * @param parent     the id of its parent (a folder), or null at the top
 * @param properties its properties, any JSON object
 * @param refs       ids of other entities it refers to (a mesh to its geometry, a result to its solver settings)
 * @param data       its binary payload, or null
 * @param saveId     the save that wrote it (to find what an interrupted save left behind)
 * @param origin     the service and command that made it and the entities it was made from, or
 *                   null when a user made it (then editing it re-runs nothing)
 * @param propertyTypes the types of its properties (the command's parameters); empty when its
 *                   properties are free JSON
 */
public record Entity(
        String id,
        long version,
        EntityType type,
        String name,
        String parent,
        ObjectNode properties,
        List<String> refs,
        DataRef data,
        String saveId,
        EntityOrigin origin,
        List<ParamSpec> propertyTypes) {
    /** An entity without origin and with untyped properties. */
    public Entity(
            String id,
            long version,
            EntityType type,
            String name,
            String parent,
            ObjectNode properties,
            List<String> refs,
            DataRef data,
            String saveId) {
        this(id, version, type, name, parent, properties, refs, data, saveId, null, List.of());
    }

    public Entity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        properties = properties == null ? Json.object() : properties;
        refs = List.copyOf(refs);
        propertyTypes = propertyTypes == null ? List.of() : List.copyOf(propertyTypes);
    }

    /** The same entity version with another payload reference (an import's new GridFS id). */
    public Entity withData(DataRef newData) {
        return new Entity(id, version, type, name, parent, properties, refs, newData, saveId, origin, propertyTypes);
    }

    /** The document key of this entity version. */
    public String key() {
        return key(id, version);
    }

    public static String key(String id, long version) {
        return id + "@" + version;
    }
}
