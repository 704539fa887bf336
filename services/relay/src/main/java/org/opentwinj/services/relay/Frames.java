package org.opentwinj.services.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import org.opentwinj.platform.json.Json;

/** The messages the relay sends to clients, as JSON text. */
final class Frames {
    private Frames() {}

    /** {@code {"type":"welcome","session":S,"user":U,"services":[...]}}: the connection is ready. */
    static String welcome(String session, String user, Collection<String> services) {
        ObjectNode frame =
                Json.object().put("type", "welcome").put("session", session).put("user", user);
        services.forEach(frame.putArray("services")::add);
        return Json.write(frame);
    }

    /** {@code {"type":"reply","id":..,"status":"ok","result":...}}. */
    static String replyOk(JsonNode id, JsonNode result) {
        ObjectNode frame = Json.object().put("type", "reply");
        frame.set("id", id);
        frame.put("status", "ok");
        frame.set(
                "result",
                result == null || result.isMissingNode() ? Json.mapper().nullNode() : result);
        return Json.write(frame);
    }

    /** {@code {"type":"reply","id":..,"status":"error","httpStatus":n,"reason":"..."}}. */
    static String replyError(JsonNode id, int httpStatus, String reason) {
        ObjectNode frame = Json.object().put("type", "reply");
        frame.set("id", id);
        frame.put("status", "error").put("httpStatus", httpStatus).put("reason", reason);
        return Json.write(frame);
    }

    /** {@code {"type":"error","reason":"..."}} for a message the relay could not use; with its id when known. */
    static String error(JsonNode id, String reason) {
        ObjectNode frame = Json.object().put("type", "error");
        if (id != null) {
            frame.set("id", id);
        }
        frame.put("reason", reason);
        return Json.write(frame);
    }

    /** {@code {"type":"push","service":...,"message":...}}: a message a session service sent to its clients. */
    static String push(String service, JsonNode message) {
        ObjectNode frame = Json.object().put("type", "push").put("service", service);
        frame.set("message", message == null ? Json.mapper().nullNode() : message);
        return Json.write(frame);
    }
}
