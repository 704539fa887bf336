package org.opentwinj.services.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.transport.server.WebSocketRoute;

/**
 * {@code wss://<web>/relay?session=S}: the relay's websocket on the web service's own origin,
 * so that a browser needs to accept one certificate (issue 13). Each browser connection is
 * bridged frame by frame to its own connection to the relay ({@link BridgedConnection}); the
 * relay still admits every client itself, with the token the browser sent.
 *
 * <p>Origins: the web service's websocket accepts pages of its own origin only (Helidon
 * compares the browser's {@code Origin} with the {@code Host} it dialled, since no other origin
 * is listed). The bridge's connection to the relay sends no {@code Origin}: it is a platform
 * service, not a page, so the relay treats it like the CLI and needs no {@code --allowed-origins}
 * for it.
 */
final class RelayBridge implements AutoCloseable {
    static final String PATH = "/relay";
    /** How long the bridge waits for the relay to take a new connection. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI relay;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final Set<BridgedConnection> open = ConcurrentHashMap.newKeySet();

    /**
     * @param relay the relay's https URL as this service reaches it
     * @param tls   this service's client context: the relay's certificate must chain to the
     *              platform's CA, and the relay sees this service's certificate (so it may
     *              believe the {@code X-Forwarded-For} the bridge sends)
     */
    RelayBridge(URI relay, SSLContext tls) {
        this.relay = relay;
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(executor)
                .build();
    }

    WebSocketRoute route() {
        return new WebSocketRoute(PATH, () -> new BridgedConnection(this));
    }

    /** The relay's address, for messages. */
    URI relay() {
        return relay;
    }

    /** Where the bridge writes to browsers: one write per connection at a time. */
    ExecutorService executor() {
        return executor;
    }

    /**
     * Opens the relay's side of a browser connection. The listener gets no message until it
     * asks for one ({@link WebSocket#request}).
     *
     * @param rawQuery      the browser's query, passed unchanged (it names the session)
     * @param protocols     the subprotocols the browser offered, in its order (the token may be one)
     * @param authorization the browser's {@code Authorization} header, or null
     * @param clientAddress the browser's address
     * @throws CompletionException when the relay cannot be reached or refuses the upgrade
     */
    WebSocket connect(
            String rawQuery,
            List<String> protocols,
            String authorization,
            String clientAddress,
            WebSocket.Listener listener) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (!protocols.isEmpty()) {
            builder.subprotocols(
                    protocols.getFirst(), protocols.subList(1, protocols.size()).toArray(String[]::new));
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        // Believed by the relay only because this service shows its certificate (as for the API gateway).
        builder.header("X-Forwarded-For", clientAddress);
        URI target = URI.create("wss://" + relay.getRawAuthority() + PATH + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
        return builder.buildAsync(target, listener).join();
    }

    void opened(BridgedConnection connection) {
        open.add(connection);
    }

    void closed(BridgedConnection connection) {
        open.remove(connection);
    }

    /** Connections bridged now. */
    int openConnections() {
        return open.size();
    }

    /** The web service stops: every browser and its relay connection hear 1001, as from the relay itself. */
    @Override
    public void close() {
        for (BridgedConnection connection : List.copyOf(open)) {
            connection.closeBoth(BridgedConnection.GOING_AWAY, "web service stopping");
        }
        // Not close(): that would wait for websockets that a relay which does not answer keeps open.
        http.shutdownNow();
        executor.shutdownNow();
    }
}
