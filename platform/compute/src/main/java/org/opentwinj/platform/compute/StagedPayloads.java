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
 * budget. A parametric update hands a service the earlier steps' outputs as staged uploads
 * (not saved yet): those this service made are read from here, the others (another service's,
 * or ones past the budget) from the Model's staging area.
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

    /**
     * A staged upload's payload: from here when this service staged it (no round trip), else
     * from the Model ({@code Model.ReadData {upload}}), as when another service rebuilt the
     * entity earlier in the same update.
     */
    @Override
    public byte[] staged(String upload) {
        synchronized (this) {
            byte[] kept = staged.get(upload);
            if (kept != null) {
                return kept;
            }
        }
        return model.staged(upload);
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

    @Override
    public Saved saveForJob(String job, String message, List<ObjectNode> puts) {
        return model.saveForJob(job, message, puts);
    }
}
