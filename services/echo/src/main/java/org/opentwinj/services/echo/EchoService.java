package org.opentwinj.services.echo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.server.WebSocketRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small real service speaking the real protocol: it answers messages, forwards them to a
 * peer over mutual TLS, and records queued messages in arrival order. Session types use it
 * until the compute services exist, and the platform's tests use it as a peer.
 *
 * <p>It also answers {@code Echo} on the websocket {@value #WEBSOCKET_PATH} (see
 * {@link EchoSocket}), in the relay's client frames, so that websocket paths (direct, through
 * the relay, through another proxy) can be compared against the same backend code.
 */
public final class EchoService implements ServiceDefinition {
    private static final Logger LOG = LoggerFactory.getLogger(EchoService.class);
    /** Longest delay a caller may ask for, so that no request can hold a thread for long. */
    static final int MAX_DELAY_MS = 60_000;
    /** The websocket path of {@link EchoSocket}. */
    public static final String WEBSOCKET_PATH = "/ws";
    /** The one action {@link EchoSocket} answers. */
    static final String ECHO = "Echo";

    /** {@code Echo}: answer the message, after an optional delay (to test slow peers and graceful stops). */
    public record EchoRequest(String message, @OptionalField Integer delayMs) {}

    /** The reply to {@code Echo} and {@code Echo.Forward}. */
    public record EchoReply(String message, String service, String site, String caller) {}

    /** {@code Echo.Forward}: send {@code Echo} to another service over mTLS and return its reply. */
    public record ForwardRequest(String peerUrl, String message) {}

    /** {@code Echo.Record}: remember a message (sent through /queue to observe ordering). */
    public record RecordRequest(String message) {}

    /** {@code Echo.History}: the recorded messages, oldest first. */
    public record HistoryRequest() {}

    private final List<String> recorded = new ArrayList<>();

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "Echo service: a minimal session service speaking the platform protocol.";
    }

    @Override
    public void start(ServiceContext context) {
        String service = context.info().service();
        String site = context.info().site();
        context.actions()
                .register(ActionSpec.internal(
                                ECHO, EchoRequest.class, (request, call) -> echo(request, service, site, call.caller()))
                        .asIdempotent())
                .register(ActionSpec.internal("Echo.Forward", ForwardRequest.class, (request, call) -> {
                    URI peer = peerUrl(request.peerUrl());
                    try {
                        return context.client().call(peer, ECHO, new EchoRequest(request.message(), null));
                    } catch (PeerCallException e) {
                        throw new PublicException(502, e.getMessage());
                    }
                }))
                .register(ActionSpec.internal("Echo.Record", RecordRequest.class, (request, call) -> {
                    synchronized (recorded) {
                        recorded.add(request.message());
                        return recorded.size();
                    }
                }))
                .register(ActionSpec.internal("Echo.History", HistoryRequest.class, (request, call) -> {
                            synchronized (recorded) {
                                return List.copyOf(recorded);
                            }
                        })
                        .asIdempotent());
        long maxMessageBytes = context.config().maxBodyBytes();
        context.addWebSocket(new WebSocketRoute(WEBSOCKET_PATH, () -> new EchoSocket(service, site, maxMessageBytes)));
    }

    /**
     * What {@code Echo} answers, on {@code /execute} and on {@value #WEBSOCKET_PATH} alike: the
     * message, after the optional delay, with who this service is and who asked.
     *
     * @throws PublicException 400 for a delay out of range
     */
    static EchoReply echo(EchoRequest request, String service, String site, Caller caller) throws InterruptedException {
        pause(request.delayMs());
        return new EchoReply(request.message(), service, site, caller.toString());
    }

    private static URI peerUrl(String text) {
        try {
            return ValueParsers.HTTPS_URL.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PublicException("field 'peerUrl' is invalid: " + e.getMessage());
        }
    }

    private static void pause(Integer delayMs) throws InterruptedException {
        if (delayMs == null || delayMs == 0) {
            return;
        }
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            throw new PublicException("field 'delayMs' must be between 0 and " + MAX_DELAY_MS);
        }
        Thread.sleep(delayMs);
    }

    /**
     * {@code Echo} over a websocket, {@code GET wss://host:port/ws}, in the frames the relay's
     * clients use: a client sends
     * {@code {"id":1,"service":"echo","message":{"action":"Echo","message":"hi"}}} and gets
     * {@code {"type":"reply","id":1,"status":"ok","result":{...EchoReply...}}}, computed by
     * {@link EchoService#echo}, the code of the {@code Echo} action. A refused request gets
     * {@code {"type":"reply","id":1,"status":"error","httpStatus":400,"reason":"..."}}, a frame
     * that cannot be read {@code {"type":"error","reason":"..."}} (with the id when it could be
     * read); the connection stays open either way. Frames are answered one after the other,
     * in order, on the connection's own thread.
     *
     * <p>It serves benchmarks and tools on the service's own port, for instance as the backend
     * a websocket proxy is measured against. It carries no user identity: it takes no token
     * and asks for no client certificate, so the caller is {@code anonymous}, and it answers
     * {@code Echo} only (no forwarding, no recording). It is reached only where the service's
     * port is reachable; thin clients in a deployment go through the relay instead.
     */
    static final class EchoSocket implements WsListener {
        static final Set<String> FIELDS = Set.of("id", "service", "message");

        private final String service;
        private final String site;
        private final long maxMessageBytes;
        private final StringBuilder partial = new StringBuilder();

        EchoSocket(String service, String site, long maxMessageBytes) {
            this.service = service;
            this.site = site;
            this.maxMessageBytes = maxMessageBytes;
        }

        @Override
        public void onMessage(WsSession socket, String text, boolean last) {
            // UTF-16 units never outnumber UTF-8 bytes, so this caps the size in bytes loosely.
            if (partial.length() + (long) text.length() > maxMessageBytes) {
                partial.setLength(0);
                socket.close(1009, "message larger than " + maxMessageBytes + " bytes");
                return;
            }
            partial.append(text);
            if (!last) {
                return;
            }
            String frame = partial.toString();
            partial.setLength(0);
            try {
                socket.send(answer(frame), true);
            } catch (InterruptedException e) {
                // The server is stopping this connection.
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onMessage(WsSession socket, BufferData buffer, boolean last) {
            if (last) {
                socket.send(error(null, "binary messages are not supported: send JSON text"), true);
            }
        }

        @Override
        public void onPing(WsSession socket, BufferData buffer) {
            socket.pong(buffer);
        }

        @Override
        public void onError(WsSession socket, Throwable t) {
            LOG.debug("websocket error on {}", WEBSOCKET_PATH, t);
        }

        /**
         * The answer to one text frame: a reply or an error frame.
         *
         * @throws InterruptedException while waiting the request's {@code delayMs}
         */
        String answer(String text) throws InterruptedException {
            JsonNode tree;
            try {
                tree = Json.mapper().readTree(text);
            } catch (JsonProcessingException e) {
                return error(null, "malformed JSON: " + e.getOriginalMessage());
            }
            if (tree == null || !tree.isObject()) {
                return error(
                        null,
                        "expected a JSON object: {\"id\":1,\"service\":\"" + service
                                + "\",\"message\":{\"action\":\"Echo\",\"message\":\"...\"}}");
            }
            JsonNode id = tree.get("id");
            if (id == null || !(id.isNumber() || id.isTextual())) {
                return error(null, "field 'id' must be a number or a string");
            }
            for (String field : (Iterable<String>) tree::fieldNames) {
                if (!FIELDS.contains(field)) {
                    return error(id, "unknown field '" + field + "'");
                }
            }
            JsonNode target = tree.get("service");
            if (target == null || !target.isTextual()) {
                return error(id, "field 'service' must be a string");
            }
            JsonNode message = tree.get("message");
            if (message == null
                    || !message.isObject()
                    || !message.path("action").isTextual()) {
                return error(id, "field 'message' must be an object with an \"action\" field");
            }
            if (!target.asText().equals(service)) {
                return replyError(
                        id,
                        404,
                        "unknown service '" + target.asText() + "': " + WEBSOCKET_PATH + " of this service serves '"
                                + service + "' only");
            }
            String action = message.get("action").asText();
            if (!action.equals(ECHO)) {
                return replyError(
                        id,
                        404,
                        "unknown action '" + action + "' on " + WEBSOCKET_PATH + ": only '" + ECHO
                                + "' is served here");
            }
            try {
                EchoReply reply = echo(bind((ObjectNode) message), service, site, Caller.ANONYMOUS);
                ObjectNode frame = Json.object().put("type", "reply");
                frame.set("id", id);
                frame.put("status", "ok");
                frame.set("result", Json.mapper().valueToTree(reply));
                return Json.write(frame);
            } catch (PublicException e) {
                return replyError(id, e.status(), e.getMessage());
            }
        }

        /** The action's fields as an {@link EchoRequest}, as strictly as the action endpoints read them. */
        private static EchoRequest bind(ObjectNode message) {
            ObjectNode fields = message.deepCopy();
            fields.remove("action");
            JsonNode text = fields.get("message");
            if (text == null || text.isNull()) {
                throw new PublicException("missing field 'message'");
            }
            try {
                return Json.mapper().treeToValue(fields, EchoRequest.class);
            } catch (UnrecognizedPropertyException e) {
                throw new PublicException("unknown field '" + e.getPropertyName() + "'");
            } catch (MismatchedInputException e) {
                String field =
                        e.getPath().isEmpty() ? "?" : e.getPath().getFirst().getFieldName();
                throw new PublicException("field '" + field + "' has the wrong type");
            } catch (JsonProcessingException e) {
                throw new PublicException("invalid request: " + e.getOriginalMessage());
            }
        }

        private static String replyError(JsonNode id, int httpStatus, String reason) {
            ObjectNode frame = Json.object().put("type", "reply");
            frame.set("id", id);
            frame.put("status", "error").put("httpStatus", httpStatus).put("reason", reason);
            return Json.write(frame);
        }

        private static String error(JsonNode id, String reason) {
            ObjectNode frame = Json.object().put("type", "error");
            if (id != null) {
                frame.set("id", id);
            }
            frame.put("reason", reason);
            return Json.write(frame);
        }
    }
}
