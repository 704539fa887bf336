package org.opentwinj.services.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;

/** The web service's page and API gateway on a real TLS server, with a real peer behind the gateway. */
class WebServiceTest {
    record Who() {}

    record Busy() {}

    private final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("test CA", List.of()), Duration.ofDays(1));
    private final TlsMaterial tls = TlsMaterial.of(
            ca.issue(CertificateRequest.of("web", List.of("localhost", "127.0.0.1")), Usage.PEER, Duration.ofHours(1)));
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HttpClient browser = HttpClient.newBuilder()
            .sslContext(TrustOnlyTls.trusting(tls.trustAnchors()))
            .build();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
        browser.close();
    }

    private ServiceServer server(
            ActionRegistry registry,
            List<java.util.function.Consumer<io.helidon.webserver.http.HttpRouting.Builder>> routes) {
        ServiceServer server = ServiceServer.start(
                new ServiceInfo("web", "1", "1", URI.create("https://localhost:1")),
                ServerOptions.onPort(0).withMaxBodyBytes(4096),
                tls.serverContext(),
                registry,
                new ServiceMetrics("web"),
                List.of(),
                List.of(),
                routes);
        resources.add(server);
        return server;
    }

    /** A peer like AUTH: a public token action, checking the token itself. */
    private URI peer() {
        ActionRegistry registry = new ActionRegistry()
                .register(ActionSpec.withToken(
                        "Who", Who.class, (r, call) -> call.caller().user()))
                .register(ActionSpec.anonymous("WhereFrom", Busy.class, (r, call) -> call.remoteAddress()))
                .register(ActionSpec.anonymous("Busy", Busy.class, (r, call) -> {
                    throw PublicException.tooManyRequests("busy", Duration.ofSeconds(9));
                }));
        registry.tokenVerifier(token -> {
            if (!token.equals("alice-token")) {
                throw PublicException.unauthorized("token expired");
            }
            return Caller.user("alice", Set.of("user"), token);
        });
        return URI.create("https://localhost:" + server(registry, List.of()).port());
    }

    private URI web(URI peer, StaticContent content) {
        ServiceClient client = new ServiceClient(tls.clientContext(), ClientOptions.DEFAULT);
        resources.add(client);
        ApiGateway gateway =
                new ApiGateway(client, Map.of("auth", peer, "gss", URI.create("https://localhost:1")), 4096);
        return URI.create("https://localhost:"
                + server(
                                new ActionRegistry(),
                                List.of(routing -> routing.post("/api/{service}", gateway::forward)
                                        .get("/", content::serve)
                                        .get("/{+path}", content::serve)))
                        .port());
    }

    private HttpResponse<String> post(URI url, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI url) throws Exception {
        return browser.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theGatewayPassesRequestsAndAnswersUnchanged() throws Exception {
        URI web = web(peer(), new StaticContent("/test-web"));
        HttpResponse<String> ok = post(web.resolve("/api/auth"), "{\"action\":\"Who\"}", "alice-token");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(ok.body()).path("result").asText()).isEqualTo("alice");

        HttpResponse<String> expired = post(web.resolve("/api/auth"), "{\"action\":\"Who\"}", "old-token");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("token expired");
        HttpResponse<String> busy = post(web.resolve("/api/auth"), "{\"action\":\"Busy\"}", null);
        assertThat(busy.statusCode()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).contains("9");

        // AUTH limits failed logins per address: it sees the browser's address, not the gateway's,
        // and not one the browser claims.
        try (HttpClient elsewhere = HttpClient.newBuilder()
                .sslContext(TrustOnlyTls.trusting(tls.trustAnchors()))
                .localAddress(java.net.InetAddress.getByName("127.0.0.2"))
                .build()) {
            HttpResponse<String> from = elsewhere.send(
                    HttpRequest.newBuilder(web.resolve("/api/auth"))
                            .header("X-Forwarded-For", "198.51.100.1")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"WhereFrom\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(Json.mapper().readTree(from.body()).path("result").asText())
                    .isEqualTo("127.0.0.2");
        }
        assertThat(post(web.resolve("/api/model"), "{}", null).body()).contains("no API 'model'; there are auth, gss");
        assertThat(post(web.resolve("/api/auth"), "x".repeat(5000), null).statusCode())
                .isEqualTo(413);
        HttpResponse<String> unreachable = post(web.resolve("/api/gss"), "{\"action\":\"Service.Info\"}", null);
        assertThat(unreachable.statusCode()).isEqualTo(502);
        assertThat(unreachable.body()).contains("gss cannot be reached");
    }

    @Test
    void thePageComesWithItsSecurityHeadersAndThePlatformEndpointsStay() throws Exception {
        URI web = web(peer(), new StaticContent("/test-web"));
        HttpResponse<String> page = get(web.resolve("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>OpenTwin/J</title>");
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'")
                .contains("connect-src 'self';")
                .contains("frame-ancestors 'none'");
        HttpResponse<String> asset = get(web.resolve("/assets/app-1a2b.js"));
        assertThat(asset.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(asset.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get(web.resolve("/healthz")).body()).contains("UP");
        assertThat(get(web.resolve("/info")).body()).contains("\"service\":\"web\"");
        assertThat(get(web.resolve("/assets/missing.js")).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutABuiltClientThePageExplainsWhy() throws Exception {
        URI web = web(peer(), new StaticContent("/not-built"));
        HttpResponse<String> page = get(web.resolve("/"));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("The web client was not built into this distribution");
        assertThat(post(web.resolve("/api/auth"), "{\"action\":\"Who\"}", "alice-token")
                        .statusCode())
                .isEqualTo(200);
    }
}
