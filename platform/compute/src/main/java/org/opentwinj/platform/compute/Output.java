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
 * @param upload instead of {@code data}: a file the client already uploaded to the Model (a FILE
 *               parameter's upload), which becomes the payload as it is
 */
public record Output(String type, String name, String parent, List<String> refs, byte[] data, String upload) {
    public Output {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        refs = refs == null ? List.of() : List.copyOf(refs);
        if (data != null && upload != null) {
            throw new IllegalArgumentException("an output has data or an upload, not both");
        }
    }

    /** An entity at the top of the model, with a payload. */
    public static Output of(String type, String name, byte[] data) {
        return new Output(type, name, null, List.of(), data, null);
    }

    /** An entity at the top of the model whose payload is a file the client uploaded. */
    public static Output ofUpload(String type, String name, String upload) {
        return new Output(type, name, null, List.of(), null, upload);
    }

    /** The same output under another name (e.g. marked partial). */
    public Output named(String newName) {
        return new Output(type, newName, parent, refs, data, upload);
    }
}
