package org.opentwinj.bench.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;

/**
 * The relay's websocket frames as docs/clients.md ("The relay's websocket") gives them: the
 * URL, a client's message for one service, and what comes back. Pure, so it is unit tested.
 */
final class RelayFrames {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RelayFrames() {}

    /** {@code wss://<authority of the relay's https URL>/relay?session=<id>}. */
    static URI websocket(URI relayHttps, String session) {
        return URI.create("wss://" + relayHttps.getRawAuthority() + "/relay?session=" + session);
    }

    /** {@code {"id":ID,"service":SERVICE,"message":{"action":"Echo","message":TEXT}}}: what a client sends an echo service. */
    static String echo(long id, String service, String text) {
        ObjectNode frame = JSON.createObjectNode();
        frame.put("id", id);
        frame.put("service", service);
        frame.putObject("message").put("action", "Echo").put("message", text);
        return frame.toString();
    }

    /** A frame from the relay, parsed. */
    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the relay sent a frame that is not JSON: " + abbreviate(text), e);
        }
    }

    /**
     * What the frame means for the message {@code id}: null while it is not about it (the
     * welcome, pushes, other replies), "" for an ok reply whose result echoes {@code text},
     * otherwise the failure as the relay or the service gave it.
     */
    static String outcome(JsonNode frame, long id, String text) {
        String type = frame.path("type").asText();
        if (!frame.path("id").isNumber() || frame.path("id").asLong() != id) {
            return null;
        }
        if (type.equals("reply") && frame.path("status").asText().equals("ok")) {
            String echoed = frame.path("result").path("message").asText(null);
            return text.equals(echoed) ? "" : "the reply does not echo the message: " + abbreviate(frame.toString());
        }
        if (type.equals("reply") || type.equals("error")) {
            return (frame.has("httpStatus") ? "HTTP " + frame.path("httpStatus").asInt() + ": " : "")
                    + frame.path("reason").asText("no reason");
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
