package org.opentwinj.platform.transport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.StreamAnswer;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;

/** Stream routes on a real server with real TLS: who may call, what the handler sees, how failures answer. */
class StreamRouteTest {
    private final TestPki pki = new TestPki();
    private final TlsMaterial serverTls = pki.peer("server", "localhost", "127.0.0.1");
    private final TlsMaterial clientTls = pki.peer("client", "localhost");
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private URI url;
    private ServiceClient mutual;
    private ServiceClient oneWay;

    @BeforeEach
    void start() {
        ActionRegistry registry = new ActionRegistry().tokenVerifier(token -> {
            if (!token.equals("ann-token")) {
                throw PublicException.unauthorized("token expired");
            }
            return Caller.user("ann", Set.of(), token);
        });
        StreamHandler echoCaller = (request, response) -> {
            byte[] body = (request.caller() + "|" + request.pathParameter("item") + "|"
                            + request.queryParameter("version").orElse("-") + "|"
                            + request.header("range").orElse("-"))
                    .getBytes();
            response.header("Content-Type", "text/plain");
            try (OutputStream out = response.body(body.length)) {
                out.write(body);
            }
        };
        StreamHandler refuse = (request, response) -> {
            throw PublicException.notFound("no entity '" + request.pathParameter("item") + "'");
        };
        StreamHandler broken = (request, response) -> {
            throw new IllegalStateException("a bug");
        };
        StreamHandler notModified = (request, response) ->
                response.status(304).header("ETag", "\"x\"").send();
        StreamHandler large = (request, response) -> {
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = response.body(64L * chunk.length)) {
                for (int i = 0; i < 64; i++) {
                    chunk[0] = (byte) i;
                    out.write(chunk);
                }
            }
        };
        ServiceMetrics metrics = closeLater(new ServiceMetrics("test"));
        ServiceInfo info = new ServiceInfo("test", "1.0", "site", URI.create("https://localhost"));
        ServiceServer server = closeLater(ServiceServer.start(
                info,
                ServerOptions.onPort(0),
                serverTls.serverContext(),
                registry,
                metrics,
                List.of(),
                List.of(),
                List.of(),
                List.of(
                        new StreamRoute("/mtls/{item}", StreamRoute.Access.MUTUAL_TLS, echoCaller),
                        new StreamRoute("/public/{item}", StreamRoute.Access.TOKEN, echoCaller),
                        new StreamRoute("/refuse/{item}", StreamRoute.Access.TOKEN, refuse),
                        new StreamRoute("/broken", StreamRoute.Access.TOKEN, broken),
                        new StreamRoute("/same", StreamRoute.Access.TOKEN, notModified),
                        new StreamRoute("/large", StreamRoute.Access.TOKEN, large))));
        url = URI.create("https://localhost:" + server.port());
        mutual = closeLater(new ServiceClient(clientTls.clientContext(), ClientOptions.DEFAULT));
        oneWay = closeLater(new ServiceClient(TrustOnlyTls.trusting(serverTls.trustAnchors()), ClientOptions.DEFAULT));
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
    }

    @Test
    void aMutualTlsRouteNamesThePeerAndTheUserItActsFor() throws Exception {
        assertThat(text(mutual.stream(url.resolve("/mtls/e1?version=3"), Map.of("Range", "bytes=0-1"))))
                .isEqualTo("service CN=client|e1|3|bytes=0-1");
        assertThat(text(mutual.stream(url.resolve("/mtls/e1"), Map.of("Authorization", "Bearer ann-token"))))
                .isEqualTo("user ann via service CN=client|e1|-|-");
    }

    @Test
    void aMutualTlsRouteRefusesClientsWithoutACertificateAndBadTokens() throws Exception {
        StreamAnswer noCertificate =
                oneWay.stream(url.resolve("/mtls/e1"), Map.of("Authorization", "Bearer ann-token"));
        assertThat(noCertificate.statusCode()).isEqualTo(401);
        assertThat(json(noCertificate).path("reason").asText()).contains("a client certificate is required");
        StreamAnswer badToken = mutual.stream(url.resolve("/mtls/e1"), Map.of("Authorization", "Bearer stale"));
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(json(badToken).path("reason").asText()).isEqualTo("token expired");
    }

    @Test
    void aTokenRouteNeedsAValidToken() throws Exception {
        StreamAnswer none = oneWay.stream(url.resolve("/public/e1"), Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).path("reason").asText()).contains("a token is required");
        assertThat(oneWay.stream(url.resolve("/public/e1"), Map.of("Authorization", "Bearer stale"))
                        .statusCode())
                .isEqualTo(401);
        StreamAnswer ok = oneWay.stream(url.resolve("/public/e%202"), Map.of("Authorization", "Bearer ann-token"));
        assertThat(ok.headers().firstValue("Content-Type")).contains("text/plain");
        assertThat(text(ok)).isEqualTo("user ann|e 2|-|-");
    }

    @Test
    void refusalsAreJsonWithTheirStatusAndInternalErrorsHideTheirCause() throws Exception {
        Map<String, String> token = Map.of("Authorization", "Bearer ann-token");
        StreamAnswer missing = oneWay.stream(url.resolve("/refuse/e9"), token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("reason").asText()).isEqualTo("no entity 'e9'");
        StreamAnswer broken = oneWay.stream(url.resolve("/broken"), token);
        assertThat(broken.statusCode()).isEqualTo(500);
        JsonNode body = json(broken);
        assertThat(body.path("errorId").asText()).isNotBlank();
        assertThat(body.toString()).doesNotContain("a bug");
    }

    @Test
    void anAnswerWithoutBodyAndALargeStreamedOne() throws Exception {
        Map<String, String> token = Map.of("Authorization", "Bearer ann-token");
        StreamAnswer same = oneWay.stream(url.resolve("/same"), token);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.headers().firstValue("ETag")).contains("\"x\"");
        same.body().close();
        StreamAnswer large = oneWay.stream(url.resolve("/large"), token);
        assertThat(large.headers().firstValueAsLong("Content-Length")).hasValue(64L * 64 * 1024);
        try (InputStream in = large.body()) {
            byte[] all = in.readAllBytes();
            assertThat(all).hasSize(64 * 64 * 1024);
            assertThat(all[63 * 64 * 1024]).isEqualTo((byte) 63);
        }
    }

    @Test
    void otherMethodsAndPathsStayThePlatformsAnswers() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().sslContext(clientTls.clientContext()).build();
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(url.resolve("/public/e1"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
        http.close();
    }

    private static String text(StreamAnswer response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes());
        }
    }

    private static JsonNode json(StreamAnswer response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        try (InputStream in = response.body()) {
            return Json.mapper().readTree(in.readAllBytes());
        }
    }
}
