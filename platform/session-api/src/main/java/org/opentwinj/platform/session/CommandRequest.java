package org.opentwinj.platform.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code Command.Run}: a client (through the relay) runs one of a service's commands. The
 * parameters are checked against the command's {@link ParamSpec}s first (400 naming the
 * parameter and the rule); the reply is a {@link CommandReply}.
 *
 * @param command the command's name
 * @param params  its parameters by name
 */
public record CommandRequest(String command, Map<String, JsonNode> params) {
    public CommandRequest {
        params = Map.copyOf(params);
    }
}
