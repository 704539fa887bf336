package org.opentwinj.services.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.http.HttpRouting;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.opentwinj.platform.transport.server.StreamRoute;

/** The web service's /data on a real TLS server in front of a fake relay's /data. */
class DataGatewayTest {
    private static final byte[] PAYLOAD = new byte[1_000_003];

    private final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("test CA", List.of()), Duration.ofDays(1));
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<String> relaySaw = new CopyOnWriteArrayList<>();
    private final HttpClient browser;

    DataGatewayTest() {
        for (int i = 0; i < PAYLOAD.length; i++) {
            PAYLOAD[i] = (byte) (i % 251);
        }
        browser = HttpClient.newBuilder()
                .sslContext(TrustOnlyTls.trusting(List.of(ca.certificate())))
                .build();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
        browser.close();
    }

    private TlsMaterial peer(String name) {
        return TlsMaterial.of(ca.issue(
                CertificateRequest.of(name, List.of("localhost", "127.0.0.1")), Usage.PEER, Duration.ofHours(1)));
    }

    private URI server(String name, List<StreamRoute> streams, List<Consumer<HttpRouting.Builder>> routes) {
        ActionRegistry registry = new ActionRegistry().tokenVerifier(token -> {
            if (!token.startsWith("valid-")) {
                throw PublicException.unauthorized("token expired");
            }
            return Caller.user(token.substring(6), Set.of("user"), token);
        });
        ServiceMetrics metrics = new ServiceMetrics(name);
        resources.add(metrics);
        ServiceServer server = ServiceServer.start(
                new ServiceInfo(name, "1", "1", URI.create("https://localhost:1")),
                ServerOptions.onPort(0),
                peer(name).serverContext(),
                registry,
                metrics,
                List.of(),
                List.of(),
                routes,
                streams);
        resources.add(server);
        return URI.create("https://localhost:" + server.port());
    }

    private URI fakeRelay() {
        return server(
                "relay",
                List.of(new StreamRoute("/data/{session}/{entity}", StreamRoute.Access.TOKEN, (request, response) -> {
                    relaySaw.add(request.caller().user() + " " + request.pathParameter("session") + "/"
                            + request.pathParameter("entity") + " "
                            + request.queryParameter("version").orElse("head")
                            + " " + request.header("Range").orElse("whole") + " "
                            + request.header("If-None-Match").orElse("-"));
                    if (request.pathParameter("session").equals("other")) {
                        throw PublicException.forbidden("session other belongs to another user: join it first");
                    }
                    response.header("ETag", "\"e\"").header("Content-Type", "application/octet-stream");
                    try (OutputStream out = response.body(PAYLOAD.length)) {
                        out.write(PAYLOAD);
                    }
                })),
                List.of());
    }

    private URI web(URI relay) {
        ServiceClient client = new ServiceClient(peer("web").clientContext(), ClientOptions.DEFAULT);
        resources.add(client);
        // A catch-all page route, as the web service has: /data must win over it.
        Consumer<HttpRouting.Builder> page = routing -> routing.get("/{+path}", (req, res) -> res.send("page"));
        return server("web", List.of(new DataGateway(client, relay).route()), List.of(page));
    }

    private HttpResponse<byte[]> get(URI web, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(web.resolve(path));
        headers.forEach(builder::header);
        return browser.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void thePayloadComesThroughWithItsHeadersAndTheUsersToken() throws Exception {
        URI web = web(fakeRelay());
        HttpResponse<byte[]> response = get(
                web,
                "/data/s-1/result_7?version=3",
                Map.of("Authorization", "Bearer valid-alice", "Range", "bytes=0-", "If-None-Match", "\"x\""));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(PAYLOAD.length);
        assertThat(response.headers().firstValue("ETag")).contains("\"e\"");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(response.body()).isEqualTo(PAYLOAD);
        assertThat(relaySaw).containsExactly("alice s-1/result_7 3 bytes=0- \"x\"");
        assertThat(new String(get(web, "/index.html", Map.of()).body())).isEqualTo("page");
    }

    @Test
    void refusalsComeBackAsTheRelayGaveThem() throws Exception {
        URI web = web(fakeRelay());
        HttpResponse<byte[]> other = get(web, "/data/other/e1", Map.of("Authorization", "Bearer valid-bob"));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(other.body()).path("reason").asText()).contains("join it first");
    }

    @Test
    void theWebServiceRefusesWhatNeverNeedsTheRelay() throws Exception {
        URI web = web(fakeRelay());
        assertThat(get(web, "/data/s-1/e1", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get(web, "/data/s-1/e1", Map.of("Authorization", "Bearer stale"))
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<byte[]> badId = get(web, "/data/s-1/e%20x", Map.of("Authorization", "Bearer valid-alice"));
        assertThat(badId.statusCode()).isEqualTo(400);
        HttpResponse<byte[]> badVersion =
                get(web, "/data/s-1/e1?version=1%26x", Map.of("Authorization", "Bearer valid-alice"));
        assertThat(badVersion.statusCode()).isEqualTo(400);
        assertThat(relaySaw).isEmpty();
    }

    @Test
    void aRelayThatCannotBeReachedIs502() throws Exception {
        URI dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = URI.create("https://localhost:" + socket.getLocalPort());
        }
        HttpResponse<byte[]> response = get(web(dead), "/data/s-1/e1", Map.of("Authorization", "Bearer valid-alice"));
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Json.mapper().readTree(response.body()).path("reason").asText())
                .startsWith("the relay cannot be reached");
    }
}
