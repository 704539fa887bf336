package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
    private final Function<String, byte[]> stagedHere;

    /**
     * @param version    the version to read at, null for the current one
     * @param rebuilt    entities an update already rebuilt, by id, as puts
     * @param stagedHere the payloads this service staged itself, by upload id (null when unknown)
     */
    ModelInputs(ModelAccess model, Long version, Map<String, JsonNode> rebuilt, Function<String, byte[]> stagedHere) {
        this.model = model;
        this.version = version;
        this.rebuilt = Map.copyOf(rebuilt);
        this.stagedHere = stagedHere;
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
        if (put == null || (!put.hasNonNull("stagedData") && !put.hasNonNull("data"))) {
            return model.data(id, version);
        }
        if (put.hasNonNull("data")) {
            return Base64.getDecoder().decode(put.get("data").asText());
        }
        String upload = put.get("stagedData").asText();
        byte[] bytes = stagedHere.apply(upload);
        if (bytes == null) {
            throw PublicException.conflict("the new payload of entity " + id
                    + " was made by another service in this update and cannot be read here");
        }
        return bytes;
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
