package org.opentwinj.services.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.opentwinj.platform.transport.server.WebSocketRoute;

/**
 * The relay's websocket on the web service's origin: a browser (the JDK's websocket, trusting
 * only the platform's CA) talks to the web service over real TLS, and the bridge talks to a
 * fake relay on another port, with the web service's client certificate.
 */
class RelayBridgeTest {
    private static final long WAIT_SECONDS = 10;

    private final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("test CA", List.of()), Duration.ofDays(1));
    private final TlsMaterial tls = TlsMaterial.of(
            ca.issue(CertificateRequest.of("web", List.of("localhost", "127.0.0.1")), Usage.PEER, Duration.ofHours(1)));
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HttpClient browserClient = HttpClient.newBuilder()
            .sslContext(TrustOnlyTls.trusting(tls.trustAnchors()))
            .build();
    private final FakeRelay relay = new FakeRelay();
    private RelayBridge bridge;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
        // Not close(): it waits for websockets a test left open.
        browserClient.shutdownNow();
    }

    private ServiceServer server(String name, List<WebSocketRoute> webSockets) {
        ServiceServer server = ServiceServer.start(
                new ServiceInfo(name, "1", "1", URI.create("https://localhost:1")),
                ServerOptions.onPort(0).withMaxBodyBytes(1 << 20),
                tls.serverContext(),
                new ActionRegistry(),
                new ServiceMetrics(name),
                List.of(),
                webSockets,
                List.of());
        resources.add(server);
        return server;
    }

    /** The web service with its bridge to the given relay; its https URL. */
    private URI web(URI relayUrl) {
        bridge = new RelayBridge(relayUrl, tls.clientContext());
        resources.add(bridge);
        return URI.create(
                "https://localhost:" + server("web", List.of(bridge.route())).port());
    }

    private URI webToFakeRelay() {
        URI relayUrl = URI.create("https://localhost:"
                + server("relay", List.of(new WebSocketRoute("/relay", () -> relay.new Connection())))
                        .port());
        return web(relayUrl);
    }

    private Browser open(URI web, String query, String origin, boolean reads) {
        Browser browser = new Browser(reads);
        WebSocket.Builder builder = browserClient
                .newWebSocketBuilder()
                .subprotocols("opentwin.v1", "bearer.alice-token")
                .header("Origin", origin);
        URI url = URI.create("wss://" + web.getRawAuthority() + "/relay?" + query);
        browser.socket = builder.buildAsync(url, browser).join();
        return browser;
    }

    private Browser open(URI web, String query) {
        return open(web, query, "https://" + web.getRawAuthority(), true);
    }

    @Test
    void framesPassBothWaysWithTheTokenAndTheBrowsersAddress() throws Exception {
        URI web = webToFakeRelay();
        Browser browser = open(web, "session=s-1");
        assertThat(browser.next()).isEqualTo("welcome s-1");
        assertThat(browser.socket.getSubprotocol()).isEqualTo("opentwin.v1");

        FakeRelay.Upgrade upgrade = relay.upgrades.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(upgrade).isNotNull();
        assertThat(upgrade.query()).isEqualTo("session=s-1");
        // The token reaches the relay unchanged, which checks it itself.
        assertThat(upgrade.protocols()).isEqualTo("opentwin.v1, bearer.alice-token");
        assertThat(upgrade.forwardedFor()).isEqualTo("127.0.0.1");
        // The bridge is no page: no Origin for the relay's check (the web service checked the browser's).
        assertThat(upgrade.origin()).isNull();

        browser.socket.sendText("{\"id\":1}", true).join();
        assertThat(browser.next()).isEqualTo("echo {\"id\":1}");
        // A message in fragments arrives whole.
        browser.socket.sendText("{\"id\":", false).join();
        browser.socket.sendText("2}", true).join();
        assertThat(browser.next()).isEqualTo("echo {\"id\":2}");
        // Many pushes in a row keep their order.
        browser.socket.sendText("burst 300", true).join();
        for (int i = 0; i < 300; i++) {
            assertThat(browser.next()).isEqualTo("push " + i);
        }
        assertThat(bridge.openConnections()).isEqualTo(1);
    }

    @Test
    void anAuthorizationHeaderIsPassedOnToo() throws Exception {
        URI web = webToFakeRelay();
        Browser browser = new Browser(true);
        browser.socket = browserClient
                .newWebSocketBuilder()
                .header("Authorization", "Bearer cli-token")
                .buildAsync(URI.create("wss://" + web.getRawAuthority() + "/relay?session=s-2"), browser)
                .join();
        assertThat(browser.next()).isEqualTo("welcome s-2");
        FakeRelay.Upgrade upgrade = relay.upgrades.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(upgrade.authorization()).isEqualTo("Bearer cli-token");
        assertThat(upgrade.protocols()).isNull();
    }

    @Test
    void theRelaysCloseCodeAndReasonReachTheBrowser() {
        URI web = webToFakeRelay();
        Browser browser = open(web, "session=expired");
        assertThat(browser.awaitClose()).isEqualTo(new Closed(4401, "token expired"));
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> bridge.openConnections() == 0);
    }

    @Test
    void aBrowserThatClosesClosesTheRelaySide() throws Exception {
        URI web = webToFakeRelay();
        Browser browser = open(web, "session=s-1");
        assertThat(browser.next()).isEqualTo("welcome s-1");
        browser.socket.sendClose(4000, "dropped by the client").join();
        assertThat(relay.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo(new Closed(4000, "dropped by the client"));
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> bridge.openConnections() == 0);
    }

    @Test
    void aBrowserThatStopsAnsweringPingsIsClosedOnBothSides() throws Exception {
        URI web = webToFakeRelay();
        Browser browser = open(web, "session=s-1", "https://" + webAuthority(web), false);
        // The browser reads nothing from now on, so it answers no ping; the relay pings twice.
        browser.socket.sendText("ping twice", true).join();
        assertThat(relay.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo(new Closed(1001, "the browser stopped answering pings"));
    }

    @Test
    void aRelayThatCannotBeReachedIsNamedInTheClose() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        URI web = web(URI.create("https://localhost:" + freePort));
        Browser browser = open(web, "session=s-1");
        Closed closed = browser.awaitClose();
        assertThat(closed.code()).isEqualTo(1011);
        assertThat(closed.reason()).startsWith("the relay cannot be reached");
    }

    @Test
    void pagesOfOtherOriginsAndOtherPathsAreRefused() {
        URI web = webToFakeRelay();
        assertThatThrownBy(() -> open(web, "session=s-1", "https://evil.example", true))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(
                                ((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));
        Browser elsewhere = new Browser(true);
        assertThatThrownBy(() -> browserClient
                        .newWebSocketBuilder()
                        .buildAsync(URI.create("wss://" + web.getRawAuthority() + "/other?session=s-1"), elsewhere)
                        .join())
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(
                                ((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(404));
        // Neither was passed on to the relay.
        assertThat(relay.connections.get()).isZero();
    }

    @Test
    void onlyCodesTheJdkMaySendGoToTheRelayAsTheyAre() {
        assertThat(BridgedConnection.legalForRelay(1000)).isEqualTo(1000);
        assertThat(BridgedConnection.legalForRelay(1001)).isEqualTo(1001);
        assertThat(BridgedConnection.legalForRelay(4000)).isEqualTo(4000);
        assertThat(BridgedConnection.legalForRelay(1005)).isEqualTo(1000);
        assertThat(BridgedConnection.legalForRelay(1006)).isEqualTo(1000);
        assertThat(BridgedConnection.legalForRelay(1014)).isEqualTo(1000);
    }

    private static String webAuthority(URI web) {
        return web.getRawAuthority();
    }

    record Closed(int code, String reason) {}

    /** A browser: collects the text messages it reads; one that does not read answers no ping. */
    static final class Browser implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private final boolean reads;
        volatile WebSocket socket;

        Browser(boolean reads) {
            this.reads = reads;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            if (reads) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
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

        String next() throws InterruptedException {
            String message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(message).as("a message within %d s", WAIT_SECONDS).isNotNull();
            return message;
        }

        Closed awaitClose() {
            return closed.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        }
    }

    /**
     * A relay's websocket as far as the bridge can tell: answers {@code opentwin.v1}, says
     * welcome, echoes, pushes bursts on request, pings on request, and refuses the session
     * {@code expired} with 4401 as the relay refuses an expired token.
     */
    static final class FakeRelay {
        record Upgrade(String query, String protocols, String authorization, String forwardedFor, String origin) {}

        final BlockingQueue<Upgrade> upgrades = new LinkedBlockingQueue<>();
        final BlockingQueue<Closed> closes = new LinkedBlockingQueue<>();
        final AtomicInteger connections = new AtomicInteger();

        final class Connection implements WsListener {
            private String session;
            private final StringBuilder partial = new StringBuilder();

            @Override
            public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
                connections.incrementAndGet();
                session =
                        prologue.query().contains("session") ? prologue.query().get("session") : null;
                upgrades.add(new Upgrade(
                        prologue.query().rawValue(),
                        headers.first(HeaderNames.create("Sec-WebSocket-Protocol"))
                                .orElse(null),
                        headers.first(HeaderNames.AUTHORIZATION).orElse(null),
                        headers.first(HeaderNames.create("X-Forwarded-For")).orElse(null),
                        headers.first(HeaderNames.ORIGIN).orElse(null)));
                WritableHeaders<?> answer = WritableHeaders.create();
                if (headers.contains(HeaderNames.create("Sec-WebSocket-Protocol"))) {
                    answer.set(HeaderNames.create("Sec-WebSocket-Protocol"), "opentwin.v1");
                }
                return Optional.of(answer);
            }

            @Override
            public void onOpen(WsSession socket) {
                if ("expired".equals(session)) {
                    socket.close(4401, "token expired");
                    return;
                }
                socket.send("welcome " + session, true);
            }

            @Override
            public void onMessage(WsSession socket, String text, boolean last) {
                partial.append(text);
                if (!last) {
                    return;
                }
                String message = partial.toString();
                partial.setLength(0);
                if (message.startsWith("burst ")) {
                    int count = Integer.parseInt(message.substring(6));
                    for (int i = 0; i < count; i++) {
                        socket.send("push " + i, true);
                    }
                } else if (message.equals("ping twice")) {
                    socket.ping(BufferData.create("one".getBytes(StandardCharsets.US_ASCII)));
                    socket.ping(BufferData.create("two".getBytes(StandardCharsets.US_ASCII)));
                } else {
                    socket.send("echo " + message, true);
                }
            }

            @Override
            public void onClose(WsSession socket, int status, String reason) {
                closes.add(new Closed(status, reason));
            }
        }
    }
}
