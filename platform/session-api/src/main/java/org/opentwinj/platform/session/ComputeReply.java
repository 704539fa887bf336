package org.opentwinj.platform.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The outputs of {@code Command.Compute}: {@code Model.Save} puts (payloads already staged, named
 * by {@code stagedData}), the first being the rebuilt entity itself.
 *
 * @param put the outputs
 */
public record ComputeReply(List<JsonNode> put) {
    public ComputeReply {
        put = List.copyOf(put);
    }
}
