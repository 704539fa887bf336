package org.opentwinj.platform.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code Command.Compute} (Model service to a compute service, mTLS): re-run a command for a
 * parametric update without saving; the orchestrator saves every step's outputs in one model
 * version. Answers a {@link ComputeReply}.
 *
 * @param command  the command
 * @param params   its parameters (the entity's properties after the edit)
 * @param entity   the id of the entity being rebuilt (its outputs keep this id)
 * @param version  the model version the inputs are read at
 * @param inputs   entities already rebuilt in this update, by id, as {@code Model.Save} puts
 *                 ({@code stagedData} for their new payloads): they replace what {@code version} holds
 * @param user     on whose behalf (for logs and the jobs it may report)
 */
public record ComputeRequest(
        String command,
        Map<String, JsonNode> params,
        String entity,
        long version,
        Map<String, JsonNode> inputs,
        String user) {
    public ComputeRequest {
        params = Map.copyOf(params);
        inputs = Map.copyOf(inputs);
    }
}
