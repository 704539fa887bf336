package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.EntityOrigin;

/**
 * Turns an {@link Output} into a {@code Model.Save} put: the command's parameters as its
 * {@code properties}, the command's parameter specs as its {@code propertyTypes}, and its
 * {@code origin} (this service, the command, the entities the parameters name), so that the
 * Model can check edits and re-run the command when a property changes.
 */
public final class Puts {
    private Puts() {}

    /**
     * @param service    this service's name in the session
     * @param id         the entity's id (a parametric re-run keeps it), or null for a new entity
     * @param stagedData the upload holding the output's payload, or null when it has none
     */
    public static ObjectNode of(
            String service, CommandSpec command, Params params, Output output, String id, String stagedData) {
        ObjectNode put = Json.object();
        if (id != null) {
            put.put("id", id);
        }
        put.put("type", output.type()).put("name", output.name());
        if (output.parent() != null) {
            put.put("parent", output.parent());
        }
        put.set("properties", params.asProperties());
        put.set("propertyTypes", Json.mapper().valueToTree(command.params()));
        put.set("origin", Json.mapper().valueToTree(new EntityOrigin(service, command.name(), params.inputIds())));
        if (!output.refs().isEmpty()) {
            put.set("refs", Json.mapper().valueToTree(output.refs()));
        }
        if (stagedData != null) {
            put.put("stagedData", stagedData);
        }
        return put;
    }
}
