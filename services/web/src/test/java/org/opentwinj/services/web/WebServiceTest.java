package org.opentwinj.services.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

    record Credentials(String username, String password) {}

    record Refresh(String refreshToken) {}

    record Nothing() {}

    /** The fake AUTH's logins: refresh tokens that may still be used, and the access tokens logged out. */
    private final Set<String> liveRefreshTokens = ConcurrentHashMap.newKeySet();

    private final Set<String> liveAccessTokens = ConcurrentHashMap.newKeySet();
    private final List<String> refreshesSeen = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();

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

    /** A token pair as AUTH answers it, with a rotation number. */
    private Map<String, Object> pair() {
        int n = issued.incrementAndGet();
        liveRefreshTokens.add("r-" + n);
        liveAccessTokens.add("a-" + n);
        return Map.of(
                "accessToken",
                "a-" + n,
                "refreshToken",
                "r-" + n,
                "expiresAt",
                Instant.parse("2030-01-01T10:15:00Z"),
                "refreshExpiresAt",
                Instant.parse("2030-01-01T22:00:00Z"),
                "user",
                "alice",
                "roles",
                List.of("user"));
    }

    /** A peer like AUTH: a public token action, checking the token itself; logins with rotating refresh tokens. */
    private URI peer() {
        ActionRegistry registry = new ActionRegistry()
                .register(ActionSpec.anonymous("Login", Credentials.class, (r, call) -> {
                    if (!r.password().equals("alice-password")) {
                        throw PublicException.unauthorized("wrong user name or password");
                    }
                    return pair();
                }))
                .register(ActionSpec.anonymous("Token.Refresh", Refresh.class, (r, call) -> {
                    refreshesSeen.add(r.refreshToken());
                    if (!liveRefreshTokens.remove(r.refreshToken())) {
                        throw PublicException.unauthorized("token revoked");
                    }
                    return pair();
                }))
                .register(ActionSpec.withToken("Logout", Nothing.class, (r, call) -> {
                    // As AUTH: the whole login ends (here: every live token, as the test has one login).
                    liveRefreshTokens.clear();
                    liveAccessTokens.clear();
                    return Map.of("user", call.caller().user(), "loggedOut", true);
                }))
                .register(ActionSpec.withToken(
                        "Who", Who.class, (r, call) -> call.caller().user()))
                .register(ActionSpec.anonymous("WhereFrom", Busy.class, (r, call) -> call.remoteAddress()))
                .register(ActionSpec.anonymous("Busy", Busy.class, (r, call) -> {
                    throw PublicException.tooManyRequests("busy", Duration.ofSeconds(9));
                }));
        registry.tokenVerifier(token -> {
            if (!token.equals("alice-token") && !liveAccessTokens.contains(token)) {
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

    /** A post as the page makes it: JSON, from its own origin, with the browser's cookie if any. */
    private HttpResponse<String> post(URI url, String body, String token) throws Exception {
        return post(url, body, token, null);
    }

    private HttpResponse<String> post(URI url, String body, String token, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .header("Origin", "https://localhost:" + url.getPort())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
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
                            .header("Content-Type", "application/json")
                            .header("Origin", "https://localhost:" + web.getPort())
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

    /** The cookie a Set-Cookie header sets, as the browser sends it back ({@code name=value}). */
    private static String cookieOf(HttpResponse<String> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    @Test
    void aLoginKeepsItsRefreshTokenInAnHttpOnlyCookieThatRefreshesAndLogsOut() throws Exception {
        URI web = web(peer(), new StaticContent("/test-web"));
        URI auth = web.resolve("/api/auth");
        HttpResponse<String> login =
                post(auth, "{\"action\":\"Login\",\"username\":\"alice\",\"password\":\"alice-password\"}", null);
        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode pair = Json.mapper().readTree(login.body()).path("result");
        assertThat(pair.path("accessToken").asText()).isEqualTo("a-1");
        assertThat(pair.has("refreshToken"))
                .as("the page never sees the refresh token")
                .isFalse();
        assertThat(pair.path("refreshExpiresAt").asText()).isEqualTo("2030-01-01T22:00:00Z");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("opentwin_refresh=r-1; ")
                .contains("; Path=/api")
                .contains("; Secure")
                .contains("; HttpOnly")
                .contains("; SameSite=Strict")
                .contains("; Expires=Tue, 1 Jan 2030 22:00:00 GMT")
                .containsPattern("; Max-Age=[1-9][0-9]*;");

        // A refresh without a refresh token (a new tab) takes the cookie's, and rotates the cookie.
        HttpResponse<String> refreshed = post(auth, "{\"action\":\"Token.Refresh\"}", null, cookieOf(login));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(refreshesSeen).containsExactly("r-1");
        assertThat(Json.mapper()
                        .readTree(refreshed.body())
                        .path("result")
                        .path("accessToken")
                        .asText())
                .isEqualTo("a-2");
        assertThat(refreshed.body()).doesNotContain("refreshToken").doesNotContain("r-2");
        assertThat(cookieOf(refreshed)).isEqualTo("opentwin_refresh=r-2");

        // Without the cookie there is no login to refresh; AUTH is not asked.
        HttpResponse<String> none = post(auth, "{\"action\":\"Token.Refresh\"}", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(Json.mapper().readTree(none.body()).path("reason").asText())
                .isEqualTo("no login in this browser: log in");
        assertThat(Json.mapper().readTree(none.body()).path("noLogin").asBoolean())
                .isTrue();
        assertThat(refreshesSeen).hasSize(1);

        // A refused cookie (already used) is cleared, so no other tab tries it again.
        HttpResponse<String> reused = post(auth, "{\"action\":\"Token.Refresh\"}", null, cookieOf(login));
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(reused.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("opentwin_refresh=;")
                .contains("Max-Age=0")
                .contains("Path=/api");
    }

    @Test
    void aLogoutEndsTheCookiesLoginAndClearsTheCookie() throws Exception {
        URI web = web(peer(), new StaticContent("/test-web"));
        URI auth = web.resolve("/api/auth");
        HttpResponse<String> login =
                post(auth, "{\"action\":\"Login\",\"username\":\"alice\",\"password\":\"alice-password\"}", null);
        String cookie = cookieOf(login);

        // A tab whose access token is gone still logs the browser out: through the cookie.
        HttpResponse<String> logout = post(auth, "{\"action\":\"Logout\"}", null, cookie);
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(Json.mapper()
                        .readTree(logout.body())
                        .path("result")
                        .path("loggedOut")
                        .asBoolean())
                .isTrue();
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("opentwin_refresh=;")
                .contains("Max-Age=0");
        assertThat(liveRefreshTokens)
                .as("the cookie's login is revoked at AUTH")
                .isEmpty();
        assertThat(post(auth, "{\"action\":\"Token.Refresh\"}", null, cookie).statusCode())
                .isEqualTo(401);

        // With the page's access token: its logout, and the cookie cleared.
        HttpResponse<String> again =
                post(auth, "{\"action\":\"Login\",\"username\":\"alice\",\"password\":\"alice-password\"}", null);
        String access = Json.mapper()
                .readTree(again.body())
                .path("result")
                .path("accessToken")
                .asText();
        HttpResponse<String> withToken = post(auth, "{\"action\":\"Logout\"}", access, cookieOf(again));
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(Json.mapper()
                        .readTree(withToken.body())
                        .path("result")
                        .path("user")
                        .asText())
                .isEqualTo("alice");
        assertThat(withToken.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(liveRefreshTokens).isEmpty();
        assertThat(post(auth, "{\"action\":\"Who\"}", access).statusCode()).isEqualTo(401);

        // A page whose access token expired meanwhile: AUTH refuses that one, the cookie's login still ends.
        HttpResponse<String> third =
                post(auth, "{\"action\":\"Login\",\"username\":\"alice\",\"password\":\"alice-password\"}", null);
        HttpResponse<String> stale = post(auth, "{\"action\":\"Logout\"}", "old-token", cookieOf(third));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(liveRefreshTokens).isEmpty();
        assertThat(stale.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    }

    @Test
    void onlyJsonPostsFromThePagesOwnOriginPass() throws Exception {
        URI web = web(peer(), new StaticContent("/test-web"));
        URI auth = web.resolve("/api/auth");
        String body = "{\"action\":\"Who\"}";
        HttpResponse<String> crossSite = browser.send(
                HttpRequest.newBuilder(auth)
                        .header("Content-Type", "application/json")
                        .header("Origin", "https://evil.example")
                        .header("Cookie", "opentwin_refresh=r-1")
                        .header("Authorization", "Bearer alice-token")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("only requests from its own pages, not from https://evil.example");
        HttpResponse<String> otherPort = browser.send(
                HttpRequest.newBuilder(auth)
                        .header("Content-Type", "application/json")
                        .header("Origin", "https://localhost:1")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(otherPort.statusCode()).isEqualTo(403);
        HttpResponse<String> noOrigin = browser.send(
                HttpRequest.newBuilder(auth)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        assertThat(noOrigin.body()).contains("no Origin header");
        // A form post (what a cross-site form can send without a preflight) is refused whatever its origin.
        HttpResponse<String> form = browser.send(
                HttpRequest.newBuilder(auth)
                        .header("Content-Type", "text/plain")
                        .header("Origin", "https://localhost:" + web.getPort())
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(form.body()).contains("Content-Type application/json");
        assertThat(post(auth, body, "alice-token").statusCode()).isEqualTo(200);
        assertThat(refreshesSeen).isEmpty();
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
