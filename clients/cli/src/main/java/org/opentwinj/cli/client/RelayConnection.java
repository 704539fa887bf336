package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;

/**
 * A websocket to the relay for one session, as the command line uses it: connect with the
 * token (offered as a subprotocol, as browsers must), then exchange JSON messages.
 */
final class RelayConnection implements SessionRelay, AutoCloseable {
    private final HttpClient http;
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> inbox;
    private final CompletableFuture<String> closed;
    /** Pushes that came while a request waited for its reply, for {@link #nextPush}. */
    private final Deque<Push> pushes = new ArrayDeque<>();

    private int lastId;

    private RelayConnection(
            HttpClient http, WebSocket socket, BlockingQueue<JsonNode> inbox, CompletableFuture<String> closed) {
        this.http = http;
        this.socket = socket;
        this.inbox = inbox;
        this.closed = closed;
    }

    /** The cause in words: the JDK's connect failures often have no message of their own ("null"). */
    static String whyUnreachable(Exception failure, Duration timeout) {
        if (failure instanceof TimeoutException) {
            return "no connection within " + timeout.toSeconds() + " s";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof HttpTimeoutException) {
                return "no connection within " + timeout.toSeconds() + " s";
            }
        }
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        Throwable root = failure.getCause() == null ? failure : failure.getCause();
        return root.getClass().getSimpleName();
    }

    /**
     * @param relayUrl the relay's https URL, as the GSS names it
     * @throws PublicException 401 when the relay refused the token (the caller may refresh
     *     it), or the relay's reason for closing
     */
    static RelayConnection open(SSLContext tls, URI relayUrl, String session, String token, Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout).build();
        BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        URI url = URI.create("wss://" + relayUrl.getRawAuthority() + "/relay?session=" + session);
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder()
                    .connectTimeout(timeout)
                    .subprotocols("opentwin.v1", "bearer." + token)
                    .buildAsync(url, new Listener(inbox, closed))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            http.close();
            throw new ExitException(
                    ExitCode.PEER_UNREACHABLE,
                    "the relay at " + relayUrl + " cannot be reached: " + whyUnreachable(e, timeout),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.close();
            throw new ExitException(ExitCode.INTERNAL_ERROR, "interrupted while connecting to the relay");
        }
        RelayConnection connection = new RelayConnection(http, socket, inbox, closed);
        JsonNode welcome = connection.next(timeout);
        if (!"welcome".equals(welcome.path("type").asText())) {
            connection.close();
            throw new PublicException(502, "the relay did not welcome us: " + welcome);
        }
        return connection;
    }

    /**
     * Sends a message to a service of the session and waits for its reply.
     *
     * @return the service's result
     * @throws PublicException with the service's status and reason when it refused
     */
    @Override
    public JsonNode request(String service, JsonNode message, Duration timeout) {
        int id = ++lastId;
        ObjectNode envelope = Json.object().put("id", id).put("service", service);
        envelope.set("message", message);
        socket.sendText(Json.mapper().valueToTree(envelope).toString(), true).join();
        while (true) {
            JsonNode frame = next(timeout);
            if ("reply".equals(frame.path("type").asText()) && frame.path("id").asInt() == id) {
                if ("ok".equals(frame.path("status").asText())) {
                    return frame.path("result");
                }
                throw new PublicException(
                        frame.path("httpStatus").asInt(502),
                        frame.path("reason").asText("no reason given"));
            }
            if ("error".equals(frame.path("type").asText())) {
                throw new PublicException(400, frame.path("reason").asText());
            }
            if ("push".equals(frame.path("type").asText())) {
                pushes.add(push(frame));
            }
        }
    }

    @Override
    public Optional<Push> nextPush(Duration timeout) {
        if (!pushes.isEmpty()) {
            return Optional.of(pushes.removeFirst());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (JsonNode frame = poll(timeout);
                frame != null;
                frame = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            if ("push".equals(frame.path("type").asText())) {
                return Optional.of(push(frame));
            }
        }
        return Optional.empty();
    }

    private static Push push(JsonNode frame) {
        return new Push(frame.path("service").asText(), frame.path("message"));
    }

    /** The next frame from the relay; the relay's close reason as an error if it closed. */
    JsonNode next(Duration timeout) {
        JsonNode frame = poll(timeout);
        if (frame == null) {
            throw new PublicException(504, "no answer through the relay within " + timeout.toSeconds() + " s");
        }
        return frame;
    }

    /** The next frame within the time, or null; the relay's close reason as an error if it closed. */
    private JsonNode poll(Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            do {
                JsonNode frame = inbox.poll(
                        Math.min(100, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS);
                if (frame != null) {
                    return frame;
                }
                if (closed.isDone() && inbox.isEmpty()) {
                    String reason = closed.join();
                    throw new PublicException(
                            reason.startsWith("4401") ? 401 : 409, "the relay closed the connection: " + reason);
                }
            } while (System.nanoTime() < deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            socket.abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socket.abort();
        }
        http.close();
    }

    /** Collects text frames (which may arrive in parts) as JSON, and the close code and reason. */
    private static final class Listener implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> inbox;
        private final CompletableFuture<String> closed;
        private final StringBuilder partial = new StringBuilder();

        Listener(BlockingQueue<JsonNode> inbox, CompletableFuture<String> closed) {
            this.inbox = inbox;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    inbox.add(Json.mapper().readTree(partial.toString()));
                } catch (IOException e) {
                    inbox.add(Json.object()
                            .put("type", "error")
                            .put("reason", "the relay sent something that is not JSON"));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("1006 " + error.getMessage());
        }
    }
}
