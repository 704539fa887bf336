package org.opentwinj.services.model.save;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.session.EntityOrigin;
import org.opentwinj.platform.session.ParamSpec;

/**
 * An entity to write in a save: a new one (no id, or an id not in the model) or a new version
 * of an existing one, which replaces its name, parent, properties and refs. Its payload is
 * kept unless new data is given or {@code clearData} is set.
 *
 * @param id         the entity's id; a new one is made when absent
 * @param type       folder, geometry, mesh, material, solver-settings, result or plot
 * @param name       its name
 * @param parent     the id of its parent, or absent at the top
 * @param properties any JSON object
 * @param refs       ids of entities it refers to
 * @param data       a payload, base64, if it fits into one message
 * @param stagedData the id of an upload staged with {@code Model.StageData}, for larger payloads
 * @param clearData  remove the payload the previous version had
 * @param origin     the service and command that made it and the entities it was made from
 *                   (each must be in the model after the save); absent for what a user made
 * @param propertyTypes the types of its properties: then {@code properties} must pass
 *                   {@link org.opentwinj.platform.session.ParamCheck} against them
 */
public record EntityPut(
        @OptionalField String id,
        String type,
        String name,
        @OptionalField String parent,
        @OptionalField ObjectNode properties,
        @OptionalField List<String> refs,
        @OptionalField String data,
        @OptionalField String stagedData,
        @OptionalField Boolean clearData,
        @OptionalField EntityOrigin origin,
        @OptionalField List<ParamSpec> propertyTypes) {
    /** A put without origin and with untyped properties. */
    public EntityPut(
            String id,
            String type,
            String name,
            String parent,
            ObjectNode properties,
            List<String> refs,
            String data,
            String stagedData,
            Boolean clearData) {
        this(id, type, name, parent, properties, refs, data, stagedData, clearData, null, null);
    }

    /** The same put under another name (the trimmed name the rule gives back). */
    public EntityPut withName(String newName) {
        return new EntityPut(
                id, type, newName, parent, properties, refs, data, stagedData, clearData, origin, propertyTypes);
    }

    /** The same put with other properties (typed ones as the check gives them back, defaults applied). */
    public EntityPut withProperties(ObjectNode newProperties) {
        return new EntityPut(
                id, type, name, parent, newProperties, refs, data, stagedData, clearData, origin, propertyTypes);
    }

    /** Its property types, empty when its properties are untyped. */
    public List<ParamSpec> types() {
        return propertyTypes == null ? List.of() : propertyTypes;
    }
}
