package org.opentwinj.services.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeSet;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/auth} and {@code POST /api/gss}: the page's requests to AUTH and the GSS,
 * passed unchanged to their public endpoint ({@code /execute-one-way-tls}) with the user's
 * token, and their answers passed back unchanged. The page thus talks to one origin (no
 * cross-origin requests to allow), and AUTH and the GSS check every token and right
 * themselves: the gateway adds no authority of its own.
 */
final class ApiGateway {
    private static final Logger LOG = LoggerFactory.getLogger(ApiGateway.class);

    private final ServiceClient client;
    private final Map<String, URI> targets;
    private final long maxBodyBytes;

    /** @param targets the services the page may call, by the name in the path */
    ApiGateway(ServiceClient client, Map<String, URI> targets, long maxBodyBytes) {
        this.client = client;
        this.targets = Map.copyOf(targets);
        this.maxBodyBytes = maxBodyBytes;
    }

    void forward(ServerRequest req, ServerResponse res) {
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
        try {
            // The client's address goes along: AUTH limits failed logins per address.
            ServiceClient.Forwarded answer = client.forwardPublic(
                    target, body, authorization, req.remotePeer().host());
            if (answer.retryAfter() != null) {
                res.header(HeaderNames.RETRY_AFTER, answer.retryAfter());
            }
            res.status(Status.create(answer.status()))
                    .header(HeaderNames.CONTENT_TYPE, "application/json")
                    .header(HeaderNames.CACHE_CONTROL, "no-store")
                    .send(answer.body());
        } catch (PeerCallException e) {
            LOG.warn("the {} API could not be reached: {}", name, e.getMessage());
            error(res, 502, name + " cannot be reached: " + e.reason());
        }
    }

    private static void error(ServerResponse res, int status, String reason) {
        res.status(Status.create(status))
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(Json.writeBytes(Json.object().put("status", "error").put("reason", reason)));
    }
}
