package org.opentwinj.services.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.opentwinj.platform.json.Json;

/** A text message from a client, read strictly like every request on the platform. */
sealed interface ClientMessage {
    /**
     * A request for one of the session's services.
     *
     * @param id      the client's id for matching the reply: a JSON number or string, echoed as given
     * @param service the service's name in the session
     * @param message the action request: an object with {@code "action"} and the action's fields
     */
    record Request(JsonNode id, String service, ObjectNode message) implements ClientMessage {}

    /** A fresh token for the connection, after the client refreshed its login; never logged. */
    record TokenRenewal(String token) implements ClientMessage {
        @Override
        public String toString() {
            return "TokenRenewal[****]";
        }
    }

    /** Why a message cannot be used; {@code id} is the request's id when it could be read, else null. */
    final class Malformed extends RuntimeException {
        private final transient JsonNode id;

        Malformed(JsonNode id, String reason) {
            super(reason, null, false, false);
            this.id = id;
        }

        JsonNode id() {
            return id;
        }
    }

    Set<String> REQUEST_FIELDS = Set.of("id", "service", "message");
    Set<String> TOKEN_FIELDS = Set.of("type", "token");

    /**
     * Reads one message.
     *
     * @throws Malformed with a reason for the client
     */
    static ClientMessage parse(String text) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(text);
        } catch (StreamConstraintsException e) {
            throw new Malformed(null, "malformed JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new Malformed(
                    null,
                    "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new Malformed(
                    null, "expected a JSON object: {\"id\":1,\"service\":\"...\",\"message\":{\"action\":\"...\"}}");
        }
        JsonNode type = tree.get("type");
        if (type != null) {
            if (!type.isTextual() || !type.asText().equals("token")) {
                throw new Malformed(
                        null,
                        "unknown message type " + type + ": clients send requests (id, service, message)"
                                + " or {\"type\":\"token\",\"token\":\"...\"}");
            }
            rejectUnknownFields(tree, TOKEN_FIELDS, null);
            return new TokenRenewal(requireText(tree, "token", null));
        }
        JsonNode id = tree.get("id");
        if (id == null || id.isNull()) {
            throw new Malformed(null, "missing field 'id'");
        }
        if (!id.isNumber() && !id.isTextual()) {
            throw new Malformed(null, "field 'id' must be a number or a string");
        }
        rejectUnknownFields(tree, REQUEST_FIELDS, id);
        String service = requireText(tree, "service", id);
        JsonNode message = tree.get("message");
        if (message == null || message.isNull()) {
            throw new Malformed(id, "missing field 'message'");
        }
        if (!message.isObject()) {
            throw new Malformed(id, "field 'message' must be an object with an \"action\" field");
        }
        requireText(message, "action", id, "message.action");
        return new Request(id, service, (ObjectNode) message);
    }

    private static void rejectUnknownFields(JsonNode tree, Set<String> known, JsonNode id) {
        for (String name : (Iterable<String>) tree::fieldNames) {
            if (!known.contains(name)) {
                throw new Malformed(id, "unknown field '" + name + "'");
            }
        }
    }

    private static String requireText(JsonNode tree, String field, JsonNode id) {
        return requireText(tree, field, id, field);
    }

    private static String requireText(JsonNode tree, String field, JsonNode id, String shownAs) {
        JsonNode value = tree.get(field);
        if (value == null || value.isNull()) {
            throw new Malformed(id, "missing field '" + shownAs + "'");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new Malformed(id, "field '" + shownAs + "' must be a non-empty string");
        }
        return value.asText();
    }
}
