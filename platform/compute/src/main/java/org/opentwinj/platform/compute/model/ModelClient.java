package org.opentwinj.platform.compute.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;

/**
 * The session's Model service over mutual TLS. Reads and staging are made as this service
 * (the Model trusts its session's own services). An immediate command's save is made on behalf
 * of the user who ran it, with the user's token; a job's save is made as this service naming
 * the job (its user's token may have expired by then), and the Model makes the job's user the
 * author. Either way the user is the new version's author.
 */
public final class ModelClient implements ModelAccess {
    /** Payload bytes per {@code Model.StageData} call, well under a request's body limit once in base64. */
    static final int STAGE_PART = 512 * 1024;
    /** How often a save is tried again when another save moved the model on meanwhile. */
    static final int SAVE_ATTEMPTS = 3;

    private final ServiceClient client;
    private final Supplier<URI> modelUrl;

    /** @param modelUrl the Model's URL, from the session's {@code Run} (throws 503 before it is known) */
    public ModelClient(ServiceClient client, Supplier<URI> modelUrl) {
        this.client = client;
        this.modelUrl = modelUrl;
    }

    @Override
    public JsonNode entity(String id, Long version) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        if (version != null) {
            request.put("version", version);
        }
        return call(() -> client.callIdempotent(modelUrl.get(), "Model.Entity", request));
    }

    @Override
    public byte[] data(String id, Long version) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", id);
        if (version != null) {
            request.put("version", version);
        }
        return readData(request);
    }

    @Override
    public byte[] staged(String upload) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("upload", upload);
        return readData(request);
    }

    /** {@code Model.ReadData} part after part, from offset 0 to the end. */
    private byte[] readData(Map<String, Object> what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long offset = 0;
        while (true) {
            Map<String, Object> request = new LinkedHashMap<>(what);
            request.put("offset", offset);
            JsonNode part = call(() -> client.callIdempotent(modelUrl.get(), "Model.ReadData", request));
            byte[] decoded = Base64.getDecoder().decode(part.path("data").asText());
            bytes.writeBytes(decoded);
            offset += decoded.length;
            if (part.path("eof").asBoolean(true) || decoded.length == 0) {
                return bytes.toByteArray();
            }
        }
    }

    @Override
    public String stage(byte[] data) {
        String upload = null;
        int offset = 0;
        do {
            int length = Math.min(STAGE_PART, data.length - offset);
            ObjectNode request = Json.object();
            if (upload != null) {
                request.put("upload", upload);
            }
            request.put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, offset, offset + length)));
            upload = call(() -> client.call(modelUrl.get(), "Model.StageData", request))
                    .path("upload")
                    .asText();
            offset += length;
        } while (offset < data.length);
        return upload;
    }

    @Override
    public Saved save(String message, List<ObjectNode> puts, String userToken) {
        return save(message, puts, null, request -> client.callOnBehalfOf(modelUrl.get(), request, userToken));
    }

    @Override
    public Saved saveForJob(String job, String message, List<ObjectNode> puts) {
        return save(message, puts, job, request -> {
            ObjectNode fields = request.deepCopy();
            fields.remove("action");
            return client.call(modelUrl.get(), request.path("action").asText(), fields);
        });
    }

    /**
     * @param job  the job whose results these are, or null
     * @param send sends a request (with its {@code action}) as the save is made: on a user's behalf or as this service
     */
    private Saved save(String message, List<ObjectNode> puts, String job, Function<ObjectNode, JsonNode> send) {
        for (int attempt = 1; ; attempt++) {
            ObjectNode info = Json.object().put("action", "Model.Info");
            long current = call(() -> send.apply(info)).path("version").asLong();
            ObjectNode request = Json.object().put("action", "Model.Save").put("expectedVersion", current);
            request.put("message", message);
            request.set("put", Json.mapper().valueToTree(puts));
            if (job != null) {
                request.put("job", job);
            }
            try {
                JsonNode result = call(() -> send.apply(request));
                List<String> written = new ArrayList<>();
                result.path("written").fieldNames().forEachRemaining(written::add);
                return new Saved(result.path("version").asLong(), written);
            } catch (PublicException e) {
                // Another save came in between (a user's edit, another job): the outputs are new
                // entities, so saving them on the newer version is right.
                if (e.status() != 409 || attempt >= SAVE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** A call whose refusal keeps the Model's status and reason, and whose failure to connect is a 503. */
    private static JsonNode call(Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (PeerCallException e) {
            if (!e.isUnreachable() && e.httpStatus() >= 400 && e.httpStatus() < 500) {
                throw new PublicException(e.httpStatus(), e.reason());
            }
            throw PublicException.unavailable(
                    "the session's Model service cannot be reached: " + e.reason(), Duration.ofSeconds(5));
        }
    }
}
