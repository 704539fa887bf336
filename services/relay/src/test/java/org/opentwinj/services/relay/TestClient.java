package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentwinj.platform.json.Json;

/**
 * A thin client on the JDK's websocket: collects what the relay sends. With {@code autoRequest}
 * off it reads only what the test asks for ({@link #request}), like a client that stopped reading.
 */
final class TestClient implements WebSocket.Listener {
    /** How long a test waits for something the relay should send promptly. */
    static final long WAIT_SECONDS = 10;

    record Closed(int code, String reason) {}

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private final boolean autoRequest;
    private volatile WebSocket socket;

    TestClient(boolean autoRequest) {
        this.autoRequest = autoRequest;
    }

    void attach(WebSocket webSocket) {
        this.socket = webSocket;
    }

    WebSocket socket() {
        return socket;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        this.socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(Json.mapper().readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("the relay sent something that is not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        if (autoRequest) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        if (autoRequest) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Lets the client read this many more messages. */
    void request(long messages) {
        socket.request(messages);
    }

    int pings() {
        return pings.get();
    }

    /** The next message from the relay; fails if none comes in time. */
    JsonNode next() {
        try {
            JsonNode message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(message)
                    .as("a message from the relay within %d s", WAIT_SECONDS)
                    .isNotNull();
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Skips the welcome, checking it is one. */
    JsonNode welcome() {
        JsonNode welcome = next();
        assertThat(welcome.path("type").asText())
                .as("first message %s", welcome)
                .isEqualTo("welcome");
        return welcome;
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    void send(JsonNode message) {
        sendText(Json.write(message));
    }

    /** Sends {@code {"id":id,"service":service,"message":{"action":action,...fields}}}. */
    void request(int id, String service, String action, Object... fields) {
        ObjectNode message = Json.object().put("action", action);
        for (int i = 0; i < fields.length; i += 2) {
            message.set((String) fields[i], Json.mapper().valueToTree(fields[i + 1]));
        }
        ObjectNode request = Json.object().put("id", id).put("service", service);
        request.set("message", message);
        send(request);
    }

    /** The close code and reason the relay closed with; fails if it does not close in time. */
    Closed awaitClose() {
        try {
            return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the relay did not close the connection cleanly", e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    void abort() {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }
}
