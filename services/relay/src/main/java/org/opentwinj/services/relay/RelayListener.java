package org.opentwinj.services.relay;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.transport.action.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's side of one client websocket: admits the client (token, session, ownership,
 * state), then reads its messages in order on the connection's own thread. Blocking that
 * thread is how back-pressure works: while all request slots are taken, the socket is not
 * read and TCP slows the client down.
 */
final class RelayListener implements WsListener {
    private static final Logger LOG = LoggerFactory.getLogger(RelayListener.class);

    private final Admission admission;
    private final ConnectionRegistry registry;
    private final Forwarder forwarder;
    private final RelayConfig config;
    private final ExecutorService tasks;
    private final LongSupplier nanoTime;

    // Helidon calls a listener from the connection's thread; volatile in case the upgrade and
    // the frames are ever handled on different ones.
    private volatile Handshake handshake = new Handshake(null, null, false);
    private volatile ClientConnection connection;
    private final StringBuilder partial = new StringBuilder();
    private long partialBytes;

    RelayListener(
            Admission admission,
            ConnectionRegistry registry,
            Forwarder forwarder,
            RelayConfig config,
            ExecutorService tasks,
            LongSupplier nanoTime) {
        this.admission = admission;
        this.registry = registry;
        this.forwarder = forwarder;
        this.config = config;
        this.tasks = tasks;
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        // Refusals happen after the upgrade, as close codes: a browser shows an HTTP refusal of
        // a websocket only as "connection failed", without any reason.
        handshake = Handshake.of(prologue.query(), headers);
        return handshake.responseHeaders();
    }

    @Override
    public void onOpen(WsSession socket) {
        try {
            connection = admit(socket);
        } catch (ConnectionRefused refused) {
            try (LogContext ignored = LogContext.with(LogContext.SESSION, handshake.session())) {
                LOG.info("client refused with {}: {}", refused.code().code(), refused.getMessage());
            }
            socket.close(refused.code().code(), CloseCode.fit(refused.getMessage()));
        } catch (RuntimeException e) {
            String errorId = UUID.randomUUID().toString();
            try (LogContext ignored =
                    LogContext.with(LogContext.SESSION, handshake.session(), LogContext.ERROR_ID, errorId)) {
                LOG.error("cannot admit a client", e);
            }
            socket.close(CloseCode.INTERNAL_ERROR.code(), "internal error (errorId " + errorId + ")");
        }
    }

    private ClientConnection admit(WsSession socket) {
        Admission.Admitted admitted = admission.admit(handshake);
        String session = admitted.routes().session();
        String user = admitted.caller().user();
        ClientConnection client =
                new ClientConnection(socket, session, admitted.caller(), config, tasks, registry::remove, nanoTime);
        // Queued before the connection is visible to pushes, so the welcome is always first.
        client.enqueue(
                Frames.welcome(session, user, admitted.routes().services().keySet()));
        if (!registry.add(client)) {
            throw new ConnectionRefused(CloseCode.GOING_AWAY, "relay stopping");
        }
        client.start();
        try (LogContext ignored = LogContext.with(LogContext.SESSION, session, LogContext.USER, user)) {
            LOG.info("client connected: connection {}", client.id());
        }
        return client;
    }

    @Override
    public void onMessage(WsSession socket, String text, boolean last) {
        ClientConnection current = connection;
        if (current == null || current.isClosed()) {
            return;
        }
        current.heard();
        partialBytes += utf8Length(text);
        if (partialBytes > config.maxMessageBytes()) {
            partial.setLength(0);
            partialBytes = 0;
            current.close(CloseCode.TOO_BIG, "message larger than " + config.maxMessageBytes() + " bytes");
            return;
        }
        partial.append(text);
        if (!last) {
            return;
        }
        String message = partial.toString();
        partial.setLength(0);
        partialBytes = 0;
        try {
            handle(current, message);
        } catch (RuntimeException e) {
            String errorId = UUID.randomUUID().toString();
            try (LogContext ignored = LogContext.with(
                    LogContext.SESSION,
                    current.session(),
                    LogContext.USER,
                    current.user(),
                    LogContext.ERROR_ID,
                    errorId)) {
                LOG.error("cannot handle a client message", e);
            }
            current.close(CloseCode.INTERNAL_ERROR, "internal error (errorId " + errorId + ")");
        }
    }

    private void handle(ClientConnection current, String text) {
        ClientMessage message;
        try {
            message = ClientMessage.parse(text);
        } catch (ClientMessage.Malformed e) {
            current.enqueue(Frames.error(e.id(), e.getMessage()));
            return;
        }
        switch (message) {
            case ClientMessage.TokenRenewal renewal -> renew(current, renewal.token());
            case ClientMessage.Request request -> forward(current, request);
        }
    }

    private void renew(ClientConnection current, String token) {
        try {
            current.renew(admission.renewal(current.user(), token));
            LOG.debug("connection {} renewed its token", current.id());
        } catch (PublicException e) {
            current.enqueue(Frames.error(
                    null, "token refused: " + e.getMessage() + "; the connection keeps its current token"));
        } catch (ConnectionRefused e) {
            current.close(e.code(), e.getMessage());
        }
    }

    private void forward(ClientConnection current, ClientMessage.Request request) {
        try {
            current.acquireSlot();
        } catch (InterruptedException e) {
            // The server is stopping this connection.
            Thread.currentThread().interrupt();
            return;
        }
        // Taken now, on the reading thread, so that a token renewal applies exactly to the
        // requests sent after it.
        Caller caller = current.caller();
        try {
            tasks.execute(() -> {
                try {
                    current.enqueue(forwarder.forward(current.session(), caller, request));
                } finally {
                    current.releaseSlot();
                }
            });
        } catch (RejectedExecutionException e) {
            current.releaseSlot();
            LOG.debug("relay stopping: request of connection {} not forwarded", current.id());
        }
    }

    @Override
    public void onMessage(WsSession socket, BufferData buffer, boolean last) {
        ClientConnection current = connection;
        if (current != null && !current.isClosed()) {
            current.heard();
            if (last) {
                current.enqueue(Frames.error(null, "binary messages are not supported: send JSON text"));
            }
        }
    }

    @Override
    public void onPing(WsSession socket, BufferData buffer) {
        ClientConnection current = connection;
        if (current != null) {
            current.heard();
        }
        try {
            socket.pong(buffer);
        } catch (RuntimeException e) {
            if (current != null) {
                current.lost("cannot answer a ping", e);
            }
        }
    }

    @Override
    public void onPong(WsSession socket, BufferData buffer) {
        ClientConnection current = connection;
        if (current != null) {
            current.heard();
        }
    }

    @Override
    public void onClose(WsSession socket, int status, String reason) {
        ClientConnection current = connection;
        if (current != null) {
            current.closedByClient(status, reason);
        }
    }

    @Override
    public void onError(WsSession socket, Throwable t) {
        ClientConnection current = connection;
        try (LogContext ignored = LogContext.with(LogContext.SESSION, handshake.session())) {
            LOG.warn("websocket error on connection {}", current == null ? "(not admitted)" : current.id(), t);
        }
        if (current != null) {
            current.lost("websocket error", t instanceof Exception e ? e : new IllegalStateException(t));
        }
    }

    /** The UTF-8 size of a text, without encoding it: the limit is in bytes, as for HTTP bodies. */
    static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
