package org.opentwinj.platform.transport.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.slf4j.LoggerFactory;

/** A real server on a free port with real TLS, driven by the real client. */
class ServiceServerTest {
    record Message(String text, @OptionalField Integer delayMs) {}

    record Nothing() {}

    private final TestPki pki = new TestPki();
    private final TlsMaterial serverTls = pki.peer("server", "localhost", "127.0.0.1");
    private final TlsMaterial clientTls = pki.peer("client", "localhost");
    private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger flaky = new AtomicInteger();
    private final AtomicInteger stalled = new AtomicInteger();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private volatile String readinessProblem;
    private ServiceServer server;
    private URI url;
    private ServiceClient client;

    @BeforeEach
    void start() {
        logs.start();
        root.addAppender(logs);
        ActionRegistry registry = new ActionRegistry()
                .register(ActionSpec.internal("Echo", Message.class, (r, c) -> {
                    if (r.delayMs() != null) {
                        if (r.delayMs() < 0) {
                            throw new PublicException("delayMs must not be negative");
                        }
                        Thread.sleep(r.delayMs());
                    }
                    return r.text();
                }))
                .register(ActionSpec.anonymous("Ping", Nothing.class, (r, c) -> "pong"))
                .register(ActionSpec.anonymous("WhereFrom", Nothing.class, (r, c) -> c.remoteAddress()))
                .register(ActionSpec.anonymous("Refuse", Nothing.class, (r, c) -> {
                    throw PublicException.unauthorized("wrong user name or password")
                            .withDetail("attemptsLeft", 2)
                            .withDetail("reason", "not this one: the reason is the message");
                }))
                .register(ActionSpec.internal("Record", Message.class, (r, c) -> recorded.add(r.text())))
                .register(ActionSpec.internal("Flaky", Nothing.class, (r, c) -> {
                            if (flaky.incrementAndGet() < 3) {
                                throw new PublicException(503, "warming up");
                            }
                            return flaky.get();
                        })
                        .asIdempotent())
                .register(ActionSpec.internal("Stalled", Nothing.class, (r, c) -> {
                            stalled.incrementAndGet();
                            throw PublicException.unavailable(
                                    "database unavailable: it did not answer within 5000 ms", Duration.ofSeconds(5));
                        })
                        .asIdempotent());
        server = startServer(
                registry, ServerOptions.onPort(0).withMaxBodyBytes(64 * 1024).withShutdownGrace(Duration.ofSeconds(5)));
        url = URI.create("https://localhost:" + server.port());
        client = closeLater(new ServiceClient(
                clientTls.clientContext(), ClientOptions.DEFAULT.withRetries(3, Duration.ofMillis(10))));
    }

    private ServiceServer startServer(ActionRegistry registry, ServerOptions options) {
        ServiceMetrics metrics = closeLater(new ServiceMetrics("test"));
        ServiceInfo info = new ServiceInfo("test", "1.0", "site-7", URI.create("https://published.example:8443"));
        ReadinessCheck check = () -> Optional.ofNullable(readinessProblem);
        return closeLater(
                ServiceServer.start(info, options, serverTls.serverContext(), registry, metrics, List.of(check)));
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.addFirst(resource);
        return resource;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : toClose) {
            resource.close();
        }
        root.detachAppender(logs);
    }

    private List<String> warnings() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aRefusalCarriesItsDetailsAsFieldsThatTheCallerCanRead() {
        assertThatThrownBy(() -> client.callPublic(url, "Refuse", Map.of(), null))
                .isInstanceOfSatisfying(PeerCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.reason()).isEqualTo("wrong user name or password");
                    assertThat(e.detail("attemptsLeft").asInt()).isEqualTo(2);
                    assertThat(e.detail("lockedUntil").isMissingNode()).isTrue();
                });
    }

    @Test
    void aTemporaryRefusalCarriesRetryAfterAndAWebsocketSharesThePort() throws Exception {
        ActionRegistry registry = new ActionRegistry().register(ActionSpec.anonymous("Busy", Nothing.class, (r, c) -> {
            throw PublicException.tooManyRequests("busy starting sessions", Duration.ofSeconds(7));
        }));
        ServiceInfo info = new ServiceInfo("ws", "1.0", "1", URI.create("https://localhost:1"));
        io.helidon.websocket.WsListener echo = new io.helidon.websocket.WsListener() {
            @Override
            public void onMessage(io.helidon.websocket.WsSession session, String text, boolean last) {
                session.send("echo: " + text, true);
            }
        };
        ServiceServer withSocket = closeLater(ServiceServer.start(
                info,
                ServerOptions.onPort(0),
                serverTls.serverContext(),
                registry,
                closeLater(new ServiceMetrics("ws")),
                List.of(),
                List.of(new WebSocketRoute("/echo", () -> echo))));
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TrustOnlyTls.trusting(serverTls.trustAnchors()))
                .build();

        HttpResponse<String> busy = http.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + withSocket.port() + "/execute-one-way-tls"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"Busy\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(busy.statusCode()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).contains("7");
        assertThat(Json.mapper().readTree(busy.body()).path("retryAfterSeconds").asInt())
                .isEqualTo(7);

        CompletableFuture<String> reply = new CompletableFuture<>();
        java.net.http.WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(
                        URI.create("wss://localhost:" + withSocket.port() + "/echo"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(
                                    java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
                                reply.complete(data.toString());
                                return null;
                            }
                        })
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        socket.sendText("hi", true);
        assertThat(reply.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("echo: hi");
        socket.abort();
        http.close();
    }

    @Test
    void mutualTlsCallReturnsTheResult() {
        assertThat(client.call(url, "Echo", new Message("hello", null)).asText())
                .isEqualTo("hello");
    }

    @Test
    void infoHealthReadinessAndMetrics() {
        JsonNode info = client.get(url, "/");
        assertThat(info.toString())
                .isEqualTo(
                        "{\"service\":\"test\",\"version\":\"1.0\",\"site\":\"site-7\",\"url\":\"https://published.example:8443\"}");
        assertThat(client.get(url, "/healthz").path("status").asText()).isEqualTo("UP");
        JsonNode actions = client.get(url, "/actions").path("actions");
        assertThat(actions.findValuesAsText("action")).isSorted().contains("Echo", "Record", "Flaky");
        assertThat(actions.toString())
                .contains("{\"action\":\"Record\",\"endpoints\":[\"/execute\",\"/queue\"],\"idempotent\":false}");
        JsonNode flakyAction = java.util.stream.StreamSupport.stream(actions.spliterator(), false)
                .filter(a -> a.path("action").asText().equals("Flaky"))
                .findFirst()
                .orElseThrow();
        assertThat(flakyAction.path("idempotent").asBoolean())
                .as("declared with asIdempotent()")
                .isTrue();
        assertThat(client.get(url, "/readyz").path("status").asText()).isEqualTo("READY");

        readinessProblem = "database unreachable";
        assertThatThrownBy(() -> client.get(url, "/readyz"))
                .isInstanceOfSatisfying(
                        PeerCallException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));

        client.call(url, "Echo", new Message("m", null));
        String metrics = raw(clientTls.clientContext(), "GET", "/metrics", null).body();
        assertThat(metrics)
                .contains("opentwin_action_requests_seconds_bucket{action=\"Echo\",channel=\"MUTUAL_TLS\"")
                .contains(
                        "opentwin_action_requests_seconds_count{action=\"Echo\",channel=\"MUTUAL_TLS\",service=\"test\",status=\"200\"} 1")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void executeWithoutClientCertificateIsRefusedAndLogged() {
        SSLContext oneWay = TrustOnlyTls.trusting(serverTls.trustAnchors());

        HttpResponse<String> response = raw(oneWay, "POST", "/execute", "{\"action\":\"Echo\",\"text\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("a client certificate is required on /execute");
        assertThat(warnings())
                .anyMatch(m -> m.startsWith("refused /execute from")
                        && m.endsWith("no client certificate (mutual TLS is required here)"));
        assertThat(raw(oneWay, "POST", "/queue", "{\"action\":\"Echo\",\"text\":\"x\"}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(raw(oneWay, "POST", "/shutdown", "").statusCode()).isEqualTo(401);
    }

    @Test
    void aForwardedClientAddressIsBelievedOnlyFromAPeerWithACertificate() {
        byte[] whereFrom = "{\"action\":\"WhereFrom\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // A platform service passing a browser's request on (the web service's gateway) shows its certificate.
        assertThat(client.forwardPublic(url, whereFrom, null, "203.0.113.7").body())
                .asString(java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"result\":\"203.0.113.7\"");
        assertThat(client.forwardPublic(url, whereFrom, null, null).body())
                .asString(java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"result\":\"127.0.0.1\"");
        // A thin client cannot claim another address.
        try (ServiceClient thin =
                new ServiceClient(TrustOnlyTls.trusting(serverTls.trustAnchors()), ClientOptions.DEFAULT)) {
            assertThat(thin.forwardPublic(url, whereFrom, null, "203.0.113.7").body())
                    .asString(java.nio.charset.StandardCharsets.UTF_8)
                    .contains("\"result\":\"127.0.0.1\"");
        }
    }

    @Test
    void oneWayTlsReachesOnlyPublicActions() {
        try (ServiceClient thin =
                new ServiceClient(TrustOnlyTls.trusting(serverTls.trustAnchors()), ClientOptions.DEFAULT)) {
            assertThat(thin.callPublic(url, "Ping", null, null).asText()).isEqualTo("pong");
            assertThatThrownBy(() -> thin.callPublic(url, "Echo", new Message("x", null), null))
                    .isInstanceOfSatisfying(
                            PeerCallException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(403))
                    .hasMessageContaining("action 'Echo' is not available on /execute-one-way-tls");
        }
    }

    @Test
    void clientCertificateFromAnotherCaIsRefused() {
        TlsMaterial fromOtherCa = new TestPki().peer("stranger", "localhost");
        // It trusts our CA, so the server's certificate passes and only the client's is in question.
        TlsMaterial stranger = new TlsMaterial(fromOtherCa.key(), fromOtherCa.chain(), serverTls.trustAnchors());

        assertRefusedByServer(stranger, "does not chain");
    }

    @Test
    void expiredClientCertificateIsRefused() {
        TlsMaterial expired = pki.issue(
                "old", Usage.PEER, Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1), "localhost");

        assertRefusedByServer(expired, "expired");
    }

    @Test
    void clientCertificateWithoutClientAuthUsageIsRefused() {
        TlsMaterial serverOnly = pki.issue(
                "server-only", Usage.SERVER, Instant.now().minusSeconds(60), Duration.ofHours(1), "localhost");

        assertRefusedByServer(serverOnly, "clientAuth");
    }

    private void assertRefusedByServer(TlsMaterial clientMaterial, String reason) {
        try (ServiceClient other = new ServiceClient(clientMaterial.clientContext(), ClientOptions.DEFAULT)) {
            assertThatThrownBy(() -> other.call(url, "Echo", new Message("x", null)))
                    .isInstanceOfSatisfying(
                            PeerCallException.class,
                            e -> assertThat(e.isUnreachable()).isTrue())
                    .hasMessageContaining("Echo at " + url);
        }
        assertThat(warnings()).anyMatch(m -> m.contains("client certificate refused") && m.contains(reason));
    }

    @Test
    void serverWhoseCertificateDoesNotCoverTheDialledHostIsRefused() {
        URI otherName = URI.create("https://127.0.0.2:" + server.port());

        assertThatThrownBy(() -> client.call(otherName, "Echo", new Message("x", null)))
                .isInstanceOf(PeerCallException.class)
                .hasMessageContaining("Echo at " + otherName)
                .hasMessageContaining("TLS handshake failed");
        assertThat(warnings()).anyMatch(m -> m.contains("server certificate") && m.contains("127.0.0.2"));
    }

    @Test
    void serverCertificateWithoutServerAuthUsageIsRefused() throws Exception {
        TlsMaterial clientOnly = pki.issue(
                "client-only", Usage.CLIENT, Instant.now().minusSeconds(60), Duration.ofHours(1), "localhost");
        ActionRegistry registry =
                new ActionRegistry().register(ActionSpec.anonymous("Ping", Nothing.class, (r, c) -> "pong"));
        ServiceMetrics metrics = closeLater(new ServiceMetrics("bad"));
        ServiceServer bad = closeLater(ServiceServer.start(
                new ServiceInfo("bad", "1", "1", url),
                ServerOptions.onPort(0),
                clientOnly.serverContext(),
                registry,
                metrics,
                List.of()));

        assertThatThrownBy(() -> client.call(URI.create("https://localhost:" + bad.port()), "Ping", null))
                .isInstanceOf(PeerCallException.class)
                .hasMessageContaining("TLS handshake failed");
        assertThat(warnings()).anyMatch(m -> m.contains("server certificate") && m.contains("serverAuth"));
    }

    @Test
    void oversizedBodyGets413() {
        String big = "{\"action\":\"Echo\",\"text\":\"" + "x".repeat(70 * 1024) + "\"}";

        HttpResponse<String> response = raw(clientTls.clientContext(), "POST", "/execute", big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("request body larger than the limit of 65536 bytes");
    }

    @Test
    void unknownEndpointsAndMethodsGetJsonErrors() {
        HttpResponse<String> missing = raw(clientTls.clientContext(), "GET", "/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no such endpoint: GET /nope");
        HttpResponse<String> wrongMethod = raw(clientTls.clientContext(), "GET", "/execute", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("/execute accepts POST only");
    }

    @Test
    void queueAcceptsAtOnceAndRunsInArrivalOrder() {
        for (int i = 0; i < 40; i++) {
            client.enqueue(url, "Record", new Message("m" + i, null));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> recorded.size() == 40);

        assertThat(recorded)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40)
                        .mapToObj(i -> "m" + i)
                        .toList());
        assertThatThrownBy(() -> client.enqueue(url, "Nope", null))
                .isInstanceOfSatisfying(
                        PeerCallException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
        // Fields are checked before the queue answers: what it accepts does not fail later for what was sent.
        assertThatThrownBy(() -> client.enqueue(url, "Record", java.util.Map.of("text", 5)))
                .isInstanceOfSatisfying(
                        PeerCallException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
                .hasMessageContaining("field 'text' must be a string");
        assertThatThrownBy(() -> client.enqueue(url, "Record", java.util.Map.of()))
                .isInstanceOfSatisfying(
                        PeerCallException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
                .hasMessageContaining("missing field 'text'");
        assertThat(recorded).hasSize(40);
    }

    @Test
    void onlyIdempotentCallsAreRetried() {
        assertThatThrownBy(() -> client.call(url, "Flaky", null))
                .isInstanceOfSatisfying(
                        PeerCallException.class, e -> assertThat(e.httpStatus()).isEqualTo(503))
                .hasMessage("Flaky at " + url + " failed with HTTP 503: warming up");
        assertThat(flaky.get()).isEqualTo(1);

        assertThat(client.callIdempotent(url, "Flaky", null).asInt()).isEqualTo(3);
    }

    @Test
    void aRefusalThatSaysWhenToComeBackIsNotRetriedSooner() {
        assertThatThrownBy(() -> client.callIdempotent(url, "Stalled", null))
                .isInstanceOfSatisfying(PeerCallException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
                })
                .hasMessage("Stalled at " + url
                        + " failed with HTTP 503: database unavailable: it did not answer within" + " 5000 ms");
        assertThat(stalled.get()).isEqualTo(1);
    }

    @Test
    void aPeerThatDoesNotAnswerInTimeIsGivenUpNamingPeerActionAndTimeout() {
        ServiceClient impatient = closeLater(new ServiceClient(
                clientTls.clientContext(), ClientOptions.DEFAULT.withRequestTimeout(Duration.ofMillis(300))));
        assertThatThrownBy(() -> impatient.call(url, "Echo", new Message("slow", 5000)))
                .isInstanceOf(PeerCallException.class)
                .hasMessage("Echo at " + url + " failed: no reply within 300 ms");
    }

    @Test
    void aPeerThatAcceptsButNeverCompletesTheHandshakeIsGivenUpAfterTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed by the test
                }
            });
            URI mute = URI.create("https://localhost:" + silent.getLocalPort());
            ServiceClient impatient = closeLater(new ServiceClient(
                    clientTls.clientContext(),
                    new ClientOptions(Duration.ofMillis(500), Duration.ofSeconds(30), 1, Duration.ofMillis(10))));
            assertThatThrownBy(() -> impatient.call(mute, "Echo", new Message("x", null)))
                    .isInstanceOf(PeerCallException.class)
                    .hasMessageStartingWith("Echo at " + mute + " failed: ")
                    .hasMessageContaining("timed out");
            for (java.net.Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void unreachablePeerIsNamedInTheError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI closed = URI.create("https://localhost:" + closedPort);

        assertThatThrownBy(() -> client.callIdempotent(closed, "Echo", new Message("x", null)))
                .isInstanceOfSatisfying(
                        PeerCallException.class,
                        e -> assertThat(e.isUnreachable()).isTrue())
                .hasMessage("Echo at " + closed + " failed: connection refused");
    }

    @Test
    void gracefulStopFinishesRequestsInFlightAndRefusesNewOnes() throws Exception {
        CompletableFuture<JsonNode> slow =
                CompletableFuture.supplyAsync(() -> client.call(url, "Echo", new Message("slow", 800)));
        Thread.sleep(200);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        Thread.sleep(100);
        HttpResponse<String> late =
                raw(clientTls.clientContext(), "POST", "/execute", "{\"action\":\"Echo\",\"text\":\"late\"}");

        assertThat(slow.get().asText()).isEqualTo("slow");
        stopping.get();
        assertThat(late.statusCode()).isEqualTo(503);
        assertThatThrownBy(() -> client.call(url, "Echo", new Message("after", null)))
                .isInstanceOfSatisfying(
                        PeerCallException.class,
                        e -> assertThat(e.isUnreachable()).isTrue());
    }

    @Test
    void shutdownRequestIsReportedToTheOwner() throws Exception {
        client.requestShutdown(url);

        assertThat(server.stopRequested().get())
                .isEqualTo(clientTls.leaf().getSubjectX500Principal().getName());
    }

    @Test
    void portInUseIsItsOwnExitCode() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            ActionRegistry registry = new ActionRegistry();
            assertThatThrownBy(() -> startServer(
                            registry, ServerOptions.onPort(taken.getLocalPort()).withBindHost("0.0.0.0")))
                    .isInstanceOfSatisfying(
                            ExitException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.PORT_IN_USE))
                    .hasMessageContaining("cannot bind 0.0.0.0:" + taken.getLocalPort());
        }
    }

    @Test
    void noInputMakesTheServiceHangOrDie() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] body = new byte[random.nextInt(300)];
            random.nextBytes(body);
            if (i % 3 == 0) {
                body = ("{\"action\":\"Echo\",\"text\":"
                                + Json.write(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1))
                                + ",\"delayMs\":" + (random.nextBoolean() ? "\"x\"" : "-1") + "}")
                        .getBytes();
            }
            HttpResponse<String> response = rawBytes(clientTls.clientContext(), "/execute", body);
            assertThat(response.statusCode()).as("status for input %d", i).isBetween(400, 499);
        }
        assertThat(client.call(url, "Ping", null).asText()).isEqualTo("pong");
    }

    private HttpResponse<String> raw(SSLContext tls, String method, String path, String body) {
        try (HttpClient http = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .build()) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10));
            request.method(
                    method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> rawBytes(SSLContext tls, String path, byte[] body) {
        try (HttpClient http = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .build()) {
            HttpRequest request = HttpRequest.newBuilder(url.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
