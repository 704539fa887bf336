package org.opentwinj.services.web;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.opentwinj.platform.logging.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser websocket bridged to its own websocket to the relay. Helidon calls the
 * {@link WsListener} side on the browser connection's thread; the JDK calls the
 * {@link WebSocket.Listener} side for the relay's messages.
 *
 * <ul>
 *   <li>Browser to relay: each frame is sent on before the next one is read, so a relay that
 *       does not read slows the browser down through TCP.
 *   <li>Relay to browser: the bridge asks the relay's socket for one message at a time and for
 *       the next only when the last one was written to the browser: at most one frame waits in
 *       the bridge; a slow browser leaves the rest in the relay's bounded client queue, where the
 *       relay's own back-pressure applies.
 *   <li>Close codes and reasons pass unchanged both ways (the page's reconnect logic depends on
 *       them); when one side breaks without a close, the other is closed.
 *   <li>Liveness: the JDK answers the relay's pings itself, so each ping is passed on to the
 *       browser too; a browser that answered nothing since the previous ping is gone, and both
 *       sides are closed (as the relay would close a direct client after two silent intervals).
 * </ul>
 */
final class BridgedConnection implements WsListener, WebSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(BridgedConnection.class);
    static final String PROTOCOL = "opentwin.v1";
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int INTERNAL_ERROR = 1011;
    private static final int NO_STATUS = 1005;
    private static final HeaderName SUBPROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");

    private final RelayBridge bridge;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A ping of the relay was passed on to the browser, and nothing was heard from it since. */
    private final AtomicBoolean browserPingUnanswered = new AtomicBoolean();

    private volatile String rawQuery = "";
    private volatile String session;
    private volatile List<String> protocols = List.of();
    private volatile String authorization;
    private volatile WsSession browser;
    private volatile WebSocket relay;

    BridgedConnection(RelayBridge bridge) {
        this.bridge = bridge;
    }

    // ---- the browser's side (Helidon) ----

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        rawQuery = prologue.query().rawValue();
        session = prologue.query().contains("session") ? prologue.query().get("session") : null;
        protocols = headers.values(SUBPROTOCOL).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .toList();
        authorization = headers.first(HeaderNames.AUTHORIZATION).orElse(null);
        // The relay answers with opentwin.v1 when it is offered (and never echoes the token):
        // answered the same here, before the relay is dialled, because the browser's address is
        // known only once the websocket is open.
        if (!protocols.contains(PROTOCOL)) {
            return Optional.empty();
        }
        WritableHeaders<?> answer = WritableHeaders.create();
        answer.set(SUBPROTOCOL, PROTOCOL);
        return Optional.of(answer);
    }

    @Override
    public void onOpen(WsSession socket) {
        browser = socket;
        String address = socket.socketContext().remotePeer().host();
        try {
            // Blocks this browser connection's thread only: Helidon reads its frames after this returns.
            relay = bridge.connect(rawQuery, protocols, authorization, address, this);
        } catch (CompletionException | IllegalArgumentException | IllegalStateException e) {
            // IllegalStateException: the web service is stopping (its client is shut down).
            String reason = unreachable(e);
            try (LogContext ignored = LogContext.with(LogContext.SESSION, session)) {
                LOG.warn("browser at {}: {}", address, reason);
            }
            closeBrowser(INTERNAL_ERROR, reason);
            return;
        }
        bridge.opened(this);
        try (LogContext ignored = LogContext.with(LogContext.SESSION, session)) {
            LOG.info("browser at {} bridged to the relay at {}", address, bridge.relay());
        }
        relay.request(1);
    }

    private String unreachable(Exception e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof WebSocketHandshakeException refused) {
            return "the relay refused the websocket (HTTP "
                    + refused.getResponse().statusCode() + ")";
        }
        return "the relay cannot be reached: " + cause;
    }

    @Override
    public void onMessage(WsSession socket, String text, boolean last) {
        heardFromBrowser();
        toRelay(() -> relay.sendText(text, last));
    }

    @Override
    public void onMessage(WsSession socket, BufferData buffer, boolean last) {
        heardFromBrowser();
        byte[] bytes = buffer.readBytes();
        toRelay(() -> relay.sendBinary(ByteBuffer.wrap(bytes), last));
    }

    @Override
    public void onPing(WsSession socket, BufferData buffer) {
        heardFromBrowser();
        socket.pong(buffer);
    }

    @Override
    public void onPong(WsSession socket, BufferData buffer) {
        heardFromBrowser();
    }

    @Override
    public void onClose(WsSession socket, int status, String reason) {
        if (!markClosed("browser", status, reason)) {
            return;
        }
        WebSocket current = relay;
        if (current != null && !current.isOutputClosed()) {
            int code = legalForRelay(status);
            current.sendClose(code, reason == null ? "" : reason).exceptionally(e -> {
                LOG.debug("cannot pass the browser's close on to the relay", e);
                current.abort();
                return null;
            });
        }
    }

    @Override
    public void onError(WsSession socket, Throwable t) {
        LOG.debug("the browser's websocket broke", t);
        closeBoth(GOING_AWAY, "the browser's connection broke");
    }

    private void heardFromBrowser() {
        browserPingUnanswered.set(false);
    }

    /** Sends to the relay and waits until it took the frame: the browser is not read meanwhile. */
    private void toRelay(Supplier<CompletableFuture<WebSocket>> send) {
        WebSocket current = relay;
        if (current == null || closed.get()) {
            return;
        }
        try {
            send.get().join();
        } catch (CompletionException | IllegalStateException e) {
            LOG.debug("cannot pass a message on to the relay", e);
            closeBoth(INTERNAL_ERROR, "the connection to the relay broke");
        }
    }

    // ---- the relay's side (JDK) ----

    @Override
    public void onOpen(WebSocket webSocket) {
        // No request yet: messages are asked for once the browser's side is ready (onOpen above).
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        String text = data.toString();
        return toBrowser(webSocket, socket -> socket.send(text, last));
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return toBrowser(webSocket, socket -> socket.send(BufferData.create(bytes), last));
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        if (browserPingUnanswered.getAndSet(true)) {
            closeBoth(GOING_AWAY, "the browser stopped answering pings");
            return null;
        }
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        return toBrowser(webSocket, socket -> socket.ping(BufferData.create(payload)));
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (markClosed("relay", statusCode, reason)) {
            closeBrowser(statusCode == NO_STATUS ? NORMAL : statusCode, reason);
        }
        // Returning null lets the JDK answer the relay's close with the same code.
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        LOG.debug("the relay's websocket broke", error);
        if (markClosed("failure", 1006, String.valueOf(error.getMessage()))) {
            closeBrowser(INTERNAL_ERROR, "the connection to the relay broke");
        }
    }

    /** Writes to the browser on another thread; asks the relay for the next message once it is written. */
    private CompletionStage<?> toBrowser(WebSocket webSocket, Consumer<WsSession> write) {
        WsSession socket = browser;
        try {
            return CompletableFuture.runAsync(() -> write.accept(socket), bridge.executor())
                    .whenComplete((ignored, failure) -> {
                        if (failure == null) {
                            webSocket.request(1);
                        } else {
                            LOG.debug("cannot write to the browser", failure);
                            closeBoth(GOING_AWAY, "the browser's connection broke");
                        }
                    });
        } catch (RejectedExecutionException e) {
            // The web service is stopping; close() closes this connection.
            return null;
        }
    }

    // ---- both ----

    /** Closes both sides with the same code, e.g. when the web service stops. */
    void closeBoth(int code, String reason) {
        if (!markClosed("web service", code, reason)) {
            return;
        }
        WebSocket current = relay;
        if (current != null && !current.isOutputClosed()) {
            current.sendClose(legalForRelay(code), reason).exceptionally(e -> {
                current.abort();
                return null;
            });
        }
        closeBrowser(code, reason);
    }

    private void closeBrowser(int code, String reason) {
        WsSession socket = browser;
        if (socket == null) {
            return;
        }
        try {
            socket.close(code, reason == null ? "" : reason);
        } catch (RuntimeException e) {
            LOG.debug("cannot send the close to the browser", e);
            socket.terminate();
        }
    }

    private boolean markClosed(String by, int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        bridge.closed(this);
        try (LogContext ignored = LogContext.with(LogContext.SESSION, session)) {
            LOG.info("bridged connection closed by the {} with {} ({})", by, code, reason);
        }
        return true;
    }

    /**
     * The JDK's client may send only some codes (not 1005, 1006, 1015 nor the servers' codes);
     * the relay only logs a client's code, so the others become 1000.
     */
    static int legalForRelay(int code) {
        boolean sendable = code == NORMAL
                || code == GOING_AWAY
                || code == 1007
                || code == 1008
                || code == INTERNAL_ERROR
                || (code >= 3000 && code <= 4999);
        return sendable ? code : NORMAL;
    }
}
