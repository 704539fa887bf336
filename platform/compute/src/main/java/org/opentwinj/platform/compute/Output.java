package org.opentwinj.platform.compute;

import java.util.List;
import java.util.Objects;

/**
 * One entity a command makes. Its properties are the command's parameters, typed by the
 * command's {@link org.opentwinj.platform.session.ParamSpec}s, and its origin names the service,
 * the command and the entities it was made from: the library adds those when it saves it.
 *
 * @param type   the entity type (e.g. {@code result})
 * @param name   its name in the model
 * @param parent the id of its parent entity, or null at the top
 * @param refs   ids of entities it refers to (besides its origin's inputs)
 * @param data   its payload (e.g. an encoded binary array), or null for none
 */
public record Output(String type, String name, String parent, List<String> refs, byte[] data) {
    public Output {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        refs = refs == null ? List.of() : List.copyOf(refs);
    }

    /** An entity at the top of the model, with a payload. */
    public static Output of(String type, String name, byte[] data) {
        return new Output(type, name, null, List.of(), data);
    }

    /** The same output under another name (e.g. marked partial). */
    public Output named(String newName) {
        return new Output(type, newName, parent, refs, data);
    }
}
