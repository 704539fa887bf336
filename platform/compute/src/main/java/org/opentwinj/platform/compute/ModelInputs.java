package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.opentwinj.platform.compute.model.ModelAccess;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.EntityLookup;

/**
 * {@link Inputs} read from the Model at one version, with some entities replaced by their
 * rebuilt state (a parametric update's earlier steps, given as {@code Model.Save} puts).
 */
final class ModelInputs implements Inputs, EntityLookup {
    private final ModelAccess model;
    private final Long version;
    private final Map<String, JsonNode> rebuilt;

    /**
     * @param model   the Model; an input rebuilt in the update is read from its staged upload
     *                ({@link ModelAccess#staged})
     * @param version the version to read at, null for the current one
     * @param rebuilt entities an update already rebuilt, by id, as puts: a new payload is named
     *                by {@code stagedData} (or given as {@code data}); without either the entity
     *                keeps the payload it has at {@code version}
     */
    ModelInputs(ModelAccess model, Long version, Map<String, JsonNode> rebuilt) {
        this.model = model;
        this.version = version;
        this.rebuilt = Map.copyOf(rebuilt);
    }

    @Override
    public JsonNode entity(String id) {
        JsonNode put = rebuilt.get(id);
        if (put != null) {
            return put;
        }
        return model.entity(id, version);
    }

    @Override
    public byte[] data(String id) {
        JsonNode put = rebuilt.get(id);
        if (put == null) {
            return model.data(id, version);
        }
        if (put.hasNonNull("data")) {
            return Base64.getDecoder().decode(put.get("data").asText());
        }
        if (put.hasNonNull("stagedData")) {
            return model.staged(put.get("stagedData").asText());
        }
        if (put.path("clearData").asBoolean(false)) {
            throw PublicException.notFound("entity " + id + " has no payload: it was rebuilt without one");
        }
        return model.data(id, version);
    }

    @Override
    public Optional<String> typeOf(String id) {
        JsonNode put = rebuilt.get(id);
        if (put != null) {
            return Optional.ofNullable(put.path("type").textValue());
        }
        try {
            return Optional.ofNullable(model.entity(id, version).path("type").textValue());
        } catch (PublicException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
