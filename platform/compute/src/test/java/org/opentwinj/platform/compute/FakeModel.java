package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.opentwinj.platform.compute.model.ModelAccess;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;

/** A model in memory: entities by id, staged uploads, and every save as it was asked for. */
public final class FakeModel implements ModelAccess {
    /**
     * One save as asked for: with a user's token (an immediate command), or for a job (as the
     * service, no token).
     */
    public record Save(String message, List<ObjectNode> puts, String token, String job, long version) {}

    private final Map<String, ObjectNode> entities = new HashMap<>();
    private final Map<String, byte[]> payloads = new HashMap<>();
    private final Map<String, byte[]> staged = new HashMap<>();
    public final List<Save> saves = new CopyOnWriteArrayList<>();
    private long version;
    private int ids;

    /** Adds an entity (as if saved before). */
    public synchronized void add(String id, String type, byte[] data) {
        ObjectNode entity = Json.object().put("id", id).put("type", type).put("name", id);
        entities.put(id, entity);
        if (data != null) {
            payloads.put(id, data);
        }
    }

    @Override
    public synchronized byte[] staged(String upload) {
        byte[] data = staged.get(upload);
        if (data == null) {
            throw PublicException.notFound("no staged upload " + upload);
        }
        return data;
    }

    @Override
    public synchronized JsonNode entity(String id, Long atVersion) {
        ObjectNode entity = entities.get(id);
        if (entity == null) {
            throw PublicException.notFound("no entity " + id);
        }
        return entity;
    }

    @Override
    public synchronized byte[] data(String id, Long atVersion) {
        byte[] data = payloads.get(id);
        if (data == null) {
            throw PublicException.notFound("entity " + id + " has no payload");
        }
        return data;
    }

    @Override
    public synchronized String stage(byte[] data) {
        String upload = "upload-" + staged.size();
        staged.put(upload, data);
        return upload;
    }

    @Override
    public synchronized Saved save(String message, List<ObjectNode> puts, String userToken) {
        return saved(message, puts, userToken, null);
    }

    @Override
    public synchronized Saved saveForJob(String job, String message, List<ObjectNode> puts) {
        return saved(message, puts, null, job);
    }

    private Saved saved(String message, List<ObjectNode> puts, String userToken, String job) {
        version++;
        List<String> written = new ArrayList<>();
        for (ObjectNode put : puts) {
            String id = put.hasNonNull("id") ? put.get("id").asText() : "e-" + ++ids;
            written.add(id);
            entities.put(id, put.deepCopy().put("id", id));
            if (put.hasNonNull("stagedData")) {
                payloads.put(id, staged.get(put.get("stagedData").asText()));
            }
        }
        saves.add(new Save(message, puts, userToken, job, version));
        return new Saved(version, written);
    }
}
