package org.opentwinj.services.model.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.opentwinj.platform.json.Json;

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
        String saveId) {
    public Entity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        properties = properties == null ? Json.object() : properties;
        refs = List.copyOf(refs);
    }

    /** The document key of this entity version. */
    public String key() {
        return key(id, version);
    }

    public static String key(String id, long version) {
        return id + "@" + version;
    }
}
