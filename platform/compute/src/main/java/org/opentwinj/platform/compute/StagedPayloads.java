package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.compute.model.ModelAccess;

/**
 * A {@link ModelAccess} that remembers the payloads it staged, newest first up to a byte
 * budget. A parametric update hands a service the earlier steps' outputs as staged uploads,
 * which the Model does not serve back before they are saved: when this service made them, it
 * reads them from here.
 */
final class StagedPayloads implements ModelAccess {
    static final long BUDGET_BYTES = 64L * 1024 * 1024;

    private final ModelAccess model;
    private final long budget;
    private final LinkedHashMap<String, byte[]> staged = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    StagedPayloads(ModelAccess model, long budget) {
        this.model = model;
        this.budget = budget;
    }

    /** The payload staged here under {@code upload}, or null. */
    synchronized byte[] get(String upload) {
        return staged.get(upload);
    }

    @Override
    public String stage(byte[] data) {
        String upload = model.stage(data);
        synchronized (this) {
            staged.put(upload, data);
            bytes += data.length;
            Iterator<Map.Entry<String, byte[]>> oldest = staged.entrySet().iterator();
            while (bytes > budget && oldest.hasNext()) {
                bytes -= oldest.next().getValue().length;
                oldest.remove();
            }
        }
        return upload;
    }

    @Override
    public JsonNode entity(String id, Long version) {
        return model.entity(id, version);
    }

    @Override
    public byte[] data(String id, Long version) {
        return model.data(id, version);
    }

    @Override
    public Saved save(String message, List<ObjectNode> puts, String userToken) {
        return model.save(message, puts, userToken);
    }
}
