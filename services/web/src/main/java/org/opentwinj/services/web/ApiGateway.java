package org.opentwinj.services.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/auth} and {@code POST /api/gss}: the page's requests to AUTH and the GSS,
 * passed to their public endpoint ({@code /execute-one-way-tls}) with the user's token, and
 * their answers passed back. The page thus talks to one origin (no cross-origin requests to
 * allow), and AUTH and the GSS check every token and right themselves: the gateway adds no
 * authority of its own.
 *
 * <p>One exception: the browser's login. The refresh token of AUTH's {@code Login} and
 * {@code Token.Refresh} answers goes into a cookie ({@link RefreshCookie}) instead of the
 * page; a {@code Token.Refresh} without a refresh token takes the cookie's, and {@code Logout}
 * also ends the cookie's login and clears the cookie. So every tab of a browser shares one
 * login. Only JSON posts from the page's own origin pass ({@link SameOriginPosts}).
 */
final class ApiGateway {
    private static final Logger LOG = LoggerFactory.getLogger(ApiGateway.class);
    private static final String AUTH = "auth";

    private final ServiceClient client;
    private final Map<String, URI> targets;
    private final long maxBodyBytes;
    private final Clock clock;

    /** @param targets the services the page may call, by the name in the path */
    ApiGateway(ServiceClient client, Map<String, URI> targets, long maxBodyBytes) {
        this(client, targets, maxBodyBytes, Clock.systemUTC());
    }

    ApiGateway(ServiceClient client, Map<String, URI> targets, long maxBodyBytes, Clock clock) {
        this.client = client;
        this.targets = Map.copyOf(targets);
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    void forward(ServerRequest req, ServerResponse res) {
        Optional<String> refusal = SameOriginPosts.refusal(req);
        if (refusal.isPresent()) {
            error(res, 403, refusal.get());
            return;
        }
        String name = req.path().pathParameters().get("service");
        URI target = targets.get(name);
        if (target == null) {
            error(res, 404, "no API '" + name + "'; there are " + String.join(", ", new TreeSet<>(targets.keySet())));
            return;
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException | UncheckedIOException e) {
            error(res, 400, "could not read the request body: " + e.getMessage());
            return;
        }
        if (body.length > maxBodyBytes) {
            error(res, 413, "request body larger than the limit of " + maxBodyBytes + " bytes");
            return;
        }
        String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        // The client's address goes along: AUTH limits failed logins per address.
        String address = req.remotePeer().host();
        try {
            String action = AUTH.equals(name) ? action(body) : null;
            if ("Logout".equals(action)) {
                logOut(req, res, target, body, authorization, address);
                return;
            }
            boolean fromCookie = false;
            if ("Token.Refresh".equals(action) && !Json.mapper().readTree(body).hasNonNull("refreshToken")) {
                Optional<String> cookie = RefreshCookie.read(req);
                if (cookie.isEmpty()) {
                    // noLogin tells a new tab's page "log in" apart from "your login expired".
                    ObjectNode noLogin = Json.object()
                            .put("status", "error")
                            .put("reason", "no login in this browser: log in")
                            .put("noLogin", true);
                    send(res, 401, null, Json.writeBytes(noLogin));
                    return;
                }
                body = withRefreshToken(body, cookie.get());
                fromCookie = true;
            }
            ServiceClient.Forwarded answer = client.forwardPublic(target, body, authorization, address);
            byte[] reply = answer.body();
            if (("Login".equals(action) || "Token.Refresh".equals(action)) && answer.status() == 200) {
                reply = keepRefreshTokenInCookie(res, reply);
            } else if (fromCookie && answer.status() == 401) {
                // The cookie's login is over (revoked, expired, reused): no tab can use it again.
                res.header(HeaderNames.SET_COOKIE, RefreshCookie.clear());
            }
            send(res, answer.status(), answer.retryAfter(), reply);
        } catch (PeerCallException e) {
            LOG.warn("the {} API could not be reached: {}", name, e.getMessage());
            error(res, 502, name + " cannot be reached: " + e.reason());
        } catch (IOException e) {
            // Only the page's own body is parsed before forwarding; AUTH answers a malformed one itself.
            error(res, 400, "the request body is not JSON: " + e.getMessage());
        }
    }

    /**
     * Ends the page's login (its access token's, if it sent one) and the browser's (the
     * cookie's, by a refresh that yields an access token of that login, then its logout), and
     * clears the cookie. Usually both are one login; after a new login in another tab they are two.
     */
    private void logOut(
            ServerRequest req, ServerResponse res, URI target, byte[] body, String authorization, String address) {
        res.header(HeaderNames.SET_COOKIE, RefreshCookie.clear());
        ServiceClient.Forwarded pageAnswer =
                authorization == null ? null : client.forwardPublic(target, body, authorization, address);
        Optional<String> cookie = RefreshCookie.read(req);
        String user =
                cookie.map(token -> endCookieLogin(target, token, address)).orElse(null);
        if (pageAnswer != null && (pageAnswer.status() == 200 || user == null)) {
            send(res, pageAnswer.status(), pageAnswer.retryAfter(), pageAnswer.body());
        } else if (cookie.isPresent()) {
            // The browser's login is over, even if the page's access token had expired meanwhile.
            ObjectNode result = Json.object().put("user", user).put("loggedOut", true);
            ObjectNode reply = Json.object().put("status", "ok");
            reply.set("result", result);
            send(res, 200, null, Json.writeBytes(reply));
        } else {
            ServiceClient.Forwarded answer = client.forwardPublic(target, body, null, address);
            send(res, answer.status(), answer.retryAfter(), answer.body());
        }
    }

    /** Revokes the cookie's login at AUTH; its user, or null when AUTH no longer knew it. */
    private String endCookieLogin(URI target, String refreshToken, String address) {
        ObjectNode refresh = Json.object().put("action", "Token.Refresh").put("refreshToken", refreshToken);
        ServiceClient.Forwarded renewed = client.forwardPublic(target, Json.writeBytes(refresh), null, address);
        if (renewed.status() != 200) {
            // Already revoked or expired: nothing is left to end.
            return null;
        }
        JsonNode result = parse(renewed.body()).path("result");
        ServiceClient.Forwarded loggedOut = client.forwardPublic(
                target,
                Json.writeBytes(Json.object().put("action", "Logout")),
                "Bearer " + result.path("accessToken").asText(),
                address);
        if (loggedOut.status() != 200) {
            LOG.warn(
                    "the browser's login of {} could not be ended at AUTH (HTTP {}): {}",
                    result.path("user").asText(),
                    loggedOut.status(),
                    new String(loggedOut.body(), StandardCharsets.UTF_8));
        }
        return result.path("user").asText(null);
    }

    /** Moves the refresh token of a token pair from the answer into the cookie. */
    private byte[] keepRefreshTokenInCookie(ServerResponse res, byte[] answer) {
        JsonNode reply = parse(answer);
        if (!(reply.path("result") instanceof ObjectNode result) || !result.hasNonNull("refreshToken")) {
            return answer;
        }
        String token = result.remove("refreshToken").asText();
        Instant now = clock.instant();
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(result.path("refreshExpiresAt").asText());
        } catch (DateTimeException e) {
            // A token pair always says when the refresh token expires; should it not, the
            // browser keeps the cookie for its session and AUTH still refuses an expired token.
            LOG.warn("AUTH's token pair has no readable refreshExpiresAt: {}", e.getMessage());
            expiresAt = null;
        }
        res.header(
                HeaderNames.SET_COOKIE,
                expiresAt == null ? RefreshCookie.forSession(token) : RefreshCookie.set(token, expiresAt, now));
        return Json.writeBytes(reply);
    }

    private static String action(byte[] body) {
        try {
            return Json.mapper().readTree(body).path("action").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] withRefreshToken(byte[] body, String refreshToken) throws IOException {
        ObjectNode request = (ObjectNode) Json.mapper().readTree(body);
        request.put("refreshToken", refreshToken);
        return Json.writeBytes(request);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return Json.object();
        }
    }

    private static void send(ServerResponse res, int status, String retryAfter, byte[] body) {
        if (retryAfter != null) {
            res.header(HeaderNames.RETRY_AFTER, retryAfter);
        }
        res.status(Status.create(status))
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(body);
    }

    private static void error(ServerResponse res, int status, String reason) {
        res.status(Status.create(status))
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(Json.writeBytes(Json.object().put("status", "error").put("reason", reason)));
    }
}
