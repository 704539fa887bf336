package org.opentwinj.services.relay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.tokens.TokenIssuer;
import org.opentwinj.platform.tokens.TokenVerifierFromKeys;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.opentwinj.platform.transport.server.StreamHandler;
import org.opentwinj.platform.transport.server.StreamRoute;
import org.opentwinj.platform.transport.server.WebSocketRoute;
import org.opentwinj.services.echo.EchoService;

/**
 * Everything the relay talks to, in-process on free ports with real TLS: a fake GSS answering
 * {@code Session.Routes} from a map the test fills, an echo service that verifies user tokens
 * and counts how many requests it runs at once, and the relay itself. Tokens are minted with
 * the same kind of key AUTH uses; thin clients are JDK websockets trusting the test CA.
 */
final class RelayHarness implements AutoCloseable {
    /** The fake GSS's request. */
    record RoutesRequest(String session) {}

    /** The fake GSS's {@code Session.Demand}. */
    record DemandRequest(String session, String service) {}

    /**
     * Services the fake GSS starts on demand, by session then service: the URL they serve at
     * once started (it joins the session's routes), or the reason they cannot start (503).
     */
    final Map<String, Map<String, Object>> onDemand = new ConcurrentHashMap<>();
    /** The demands the fake GSS got, as "session/service". */
    final List<String> demands = Collections.synchronizedList(new ArrayList<>());
    /** While set, a demand waits for it (a service that takes its time to start). */
    volatile CountDownLatch demandGate;

    final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("Relay test CA", List.of()), Duration.ofDays(2));
    final ECKey signingKey = TokenIssuer.generateKey();
    final TokenIssuer issuer = new TokenIssuer(signingKey, Clock.systemUTC());
    final JWKSet keys = new JWKSet(issuer.publicKey());
    /** Token ids the echo service refuses as revoked (the relay itself does not check revocation). */
    final Set<String> revokedAtEcho = ConcurrentHashMap.newKeySet();

    final Map<String, AtomicInteger> routeLookups = new ConcurrentHashMap<>();
    final AtomicInteger echoRunning = new AtomicInteger();
    final AtomicInteger echoMostRunning = new AtomicInteger();
    /** An {@code Echo} of the message {@value #GATED} waits here until the test lets it through. */
    final Semaphore echoGate = new Semaphore(0);

    /** While set, {@code Session.Routes} answers 503 as a GSS whose database does not answer. */
    volatile boolean gssDatabaseUnavailable;
    /** While set, {@code Session.Routes} waits for it, as a GSS waiting for a stalled database. */
    volatile CountDownLatch gssStalled;

    static final String GATED = "gated";
    final URI gssUrl;
    final URI echoUrl;

    private final Map<String, ObjectNode> sessions = new ConcurrentHashMap<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();
    private final SSLContext clientTls = TrustOnlyTls.trusting(List.of(ca.certificate()));
    private final HttpClient http =
            HttpClient.newBuilder().sslContext(clientTls).build();
    private Relay relay;
    private URI relayUrl;

    RelayHarness() {
        gssUrl = url(startServer("gss", fakeGss(), List.of()));
        echoUrl = url(startServer("echo", echo(), List.of()));
    }

    private ActionRegistry fakeGss() {
        return new ActionRegistry()
                .register(ActionSpec.internal(Relay.ROUTES_ACTION, RoutesRequest.class, (request, call) -> {
                            routeLookups
                                    .computeIfAbsent(request.session(), session -> new AtomicInteger())
                                    .incrementAndGet();
                            CountDownLatch stalled = gssStalled;
                            if (stalled != null) {
                                stalled.await();
                            }
                            if (gssDatabaseUnavailable) {
                                throw PublicException.unavailable(
                                        "database unavailable: it did not answer within 5000 ms",
                                        Duration.ofSeconds(5));
                            }
                            ObjectNode routes = sessions.get(request.session());
                            if (routes == null) {
                                throw PublicException.notFound("unknown session " + request.session());
                            }
                            return routes;
                        })
                        .asIdempotent())
                .register(ActionSpec.internal(ActionNames.SESSION_DEMAND, DemandRequest.class, (request, call) -> {
                            demands.add(request.session() + "/" + request.service());
                            CountDownLatch gate = demandGate;
                            if (gate != null) {
                                gate.await();
                            }
                            Object outcome = onDemand.getOrDefault(request.session(), Map.of())
                                    .get(request.service());
                            if (outcome == null) {
                                throw PublicException.notFound(
                                        "session " + request.session() + " has no service " + request.service());
                            }
                            if (outcome instanceof String reason) {
                                throw new PublicException(503, reason);
                            }
                            ((ObjectNode) sessions.get(request.session()).path("services"))
                                    .put(request.service(), outcome.toString());
                            return Map.of("service", request.service(), "url", outcome.toString());
                        })
                        .asIdempotent());
    }

    /** The echo service's {@code Echo}, counting the requests it runs at once. */
    private ActionRegistry echo() {
        return new ActionRegistry()
                .tokenVerifier(new TokenVerifierFromKeys(keys, revokedAtEcho::contains))
                .register(ActionSpec.internal("Echo", EchoService.EchoRequest.class, (request, call) -> {
                    echoMostRunning.accumulateAndGet(echoRunning.incrementAndGet(), Math::max);
                    try {
                        if (GATED.equals(request.message())) {
                            echoGate.acquire();
                        }
                        if (request.delayMs() != null) {
                            if (request.delayMs() < 0) {
                                throw new PublicException("field 'delayMs' must be between 0 and 60000");
                            }
                            Thread.sleep(request.delayMs());
                        }
                        return new EchoService.EchoReply(
                                request.message(), "echo", "1", call.caller().toString());
                    } finally {
                        echoRunning.decrementAndGet();
                    }
                }));
    }

    TlsMaterial peer(String name) {
        return TlsMaterial.of(ca.issue(
                CertificateRequest.of(name, List.of("localhost", "127.0.0.1")),
                Usage.PEER,
                Duration.ofHours(1),
                Instant.now().minusSeconds(60)));
    }

    private ServiceServer startServer(String name, ActionRegistry registry, List<WebSocketRoute> webSockets) {
        return startServer(name, registry, webSockets, List.of());
    }

    private ServiceServer startServer(
            String name, ActionRegistry registry, List<WebSocketRoute> webSockets, List<StreamRoute> streams) {
        ServiceMetrics metrics = closeLater(new ServiceMetrics(name));
        ServiceInfo info = new ServiceInfo(name, "test", "1", URI.create("https://localhost:1"));
        ServerOptions options = ServerOptions.onPort(0).withShutdownGrace(Duration.ofSeconds(1));
        return closeLater(ServiceServer.start(
                info,
                options,
                peer(name).serverContext(),
                registry,
                metrics,
                List.of(),
                webSockets,
                List.of(),
                streams));
    }

    /** A fake Model whose {@code GET /data/{entity}} (mutual TLS, user tokens checked) runs {@code data}. */
    URI startFakeModel(StreamHandler data) {
        ActionRegistry registry = new ActionRegistry().tokenVerifier(new TokenVerifierFromKeys(keys));
        return url(startServer(
                "model",
                registry,
                List.of(),
                List.of(new StreamRoute("/data/{entity}", StreamRoute.Access.MUTUAL_TLS, data))));
    }

    /** One-way TLS to the relay's HTTPS port, as a thin client has. */
    HttpClient http() {
        return http;
    }

    private static URI url(ServiceServer server) {
        return URI.create("https://localhost:" + server.port());
    }

    /** A client with its own certificate, as a session service would have. */
    ServiceClient serviceClient(String name) {
        return closeLater(new ServiceClient(
                peer(name).clientContext(), ClientOptions.DEFAULT.withRetries(2, Duration.ofMillis(10))));
    }

    Relay startRelay(RelayConfig config) {
        return startRelay(config, gssUrl);
    }

    /** Starts the relay (certificate CN=relay) as the launcher would wire it. */
    Relay startRelay(RelayConfig config, URI gss) {
        return startRelay(config, gss, RelayPeers.none());
    }

    /** Starts a relay replica with peers; {@link #relayUrl()} is then its address. */
    Relay startRelay(RelayConfig config, URI gss, RelayPeers peers) {
        ServiceClient client = serviceClient("relay");
        TokenVerifierFromKeys tokens = new TokenVerifierFromKeys(keys);
        Relay started = new Relay(client, gss, tokens, config, peers);
        ActionRegistry registry = new ActionRegistry().tokenVerifier(tokens).register(started.pushAction());
        ServiceServer server =
                startServer("relay", registry, List.of(started.webSocketRoute()), List.of(started.dataRoute()));
        // Closed before its server stops (later in the list closes first), as the contract asks.
        closeLater(started);
        relay = started;
        relayUrl = url(server);
        return started;
    }

    URI relayUrl() {
        return relayUrl;
    }

    /** Points the websocket clients at a relay started elsewhere (by the launcher). */
    void useRelayAt(URI url) {
        relayUrl = url;
    }

    /** A fake AUTH publishing the token keys with {@code Auth.Keys}, as the real one does. */
    URI startFakeAuth() {
        var published = keys.toPublicJWKSet().toJSONObject(true);
        ActionRegistry registry = new ActionRegistry()
                .register(ActionSpec.anonymous("Auth.Keys", NoFields.class, (request, call) -> published)
                        .asIdempotent());
        return url(startServer("auth", registry, List.of()));
    }

    /** A request without fields. */
    record NoFields() {}

    /** Writes the CA's certificate and key as {@code ca.pem} and {@code ca-key.pem}, for the launcher. */
    void writeCa(java.nio.file.Path directory) {
        ca.writeTo(directory, false);
    }

    /** Makes the fake GSS know a session. */
    void session(String id, String user, String state, Map<String, URI> services) {
        ObjectNode routes = Json.object()
                .put("session", id)
                .put("user", user)
                .put("project", "project-of-" + id)
                .put("state", state);
        ObjectNode urls = routes.putObject("services");
        services.forEach((name, url) -> urls.put(name, url.toString()));
        sessions.put(id, routes);
    }

    /** Sets who joined a session the fake GSS knows. */
    void participants(String id, String... users) {
        ArrayNode list = sessions.get(id).putArray("participants");
        for (String user : users) {
            list.add(user);
        }
    }

    /** A running session of the user with the echo service. */
    void runningSession(String id, String user) {
        session(id, user, "RUNNING", Map.of("echo", echoUrl));
    }

    int routeLookups(String session) {
        AtomicInteger count = routeLookups.get(session);
        return count == null ? 0 : count.get();
    }

    String token(String user, String... roles) {
        return issuer.issue(user, List.of(roles), TokenIssuer.ACCESS, Duration.ofMinutes(5), "family-" + user)
                .token();
    }

    /** A token that expired ten minutes ago, well beyond the allowed clock skew. */
    String expiredToken(String user) {
        TokenIssuer past = new TokenIssuer(
                signingKey, Clock.fixed(Instant.now().minus(Duration.ofMinutes(11)), java.time.ZoneOffset.UTC));
        return past.issue(user, List.of(), TokenIssuer.ACCESS, Duration.ofMinutes(1), "family-" + user)
                .token();
    }

    /** Connects with the token in the {@code Authorization} header. */
    TestClient connect(String session, String token) {
        return connect(sessionUri(session), builder -> builder.header("Authorization", "Bearer " + token), true);
    }

    /** Connects as a browser does: the token offered as a subprotocol. */
    TestClient connectWithSubprotocol(String session, String token) {
        return connect(
                sessionUri(session), builder -> builder.subprotocols(Handshake.PROTOCOL, "bearer." + token), true);
    }

    URI sessionUri(String session) {
        return URI.create("wss://localhost:" + relayUrl.getPort() + Relay.PATH + "?session="
                + URLEncoder.encode(session, StandardCharsets.UTF_8));
    }

    TestClient connect(URI uri, Consumer<WebSocket.Builder> customize, boolean autoRequest) {
        TestClient client = new TestClient(autoRequest);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        customize.accept(builder);
        client.attach(builder.buildAsync(uri, client).join());
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** A port nothing listens on. */
    static URI deadUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("https://localhost:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Relay relay() {
        return relay;
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.addFirst(resource);
        return resource;
    }

    @Override
    public void close() {
        // Requests a failed test left waiting at the gate must not hold up the servers' stop.
        echoGate.release(1_000);
        // The relay first, while its clients still answer its close frames.
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + resource, e);
            }
        }
        synchronized (clients) {
            clients.forEach(TestClient::abort);
        }
        http.close();
    }
}
