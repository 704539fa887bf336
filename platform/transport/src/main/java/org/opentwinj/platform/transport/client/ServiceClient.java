package org.opentwinj.platform.transport.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.action.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls actions of other services over HTTPS. With a client certificate it uses mutual TLS
 * ({@code /execute}); connections are kept open and reused; every attempt has a timeout;
 * only calls marked idempotent are retried, and only when the peer did not answer or
 * answered 502/503/504. The server certificate must chain to the CA and its SANs must cover
 * the host in the URL (the JDK client checks it).
 */
public final class ServiceClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceClient.class);
    /** How long {@link #close()} lets requests in flight finish. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    private final HttpClient http;
    private final ExecutorService executor;
    private final ClientOptions options;
    private final StreamClient streams;

    /**
     * @param tls a client context: with a key manager for mTLS, or trust only for one-way TLS
     */
    public ServiceClient(SSLContext tls, ClientOptions options) {
        this.options = Objects.requireNonNull(options);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.streams = new StreamClient(tls, options);
    }

    /** Calls an action on {@code /execute} (mutual TLS) and returns its {@code result}. */
    public JsonNode call(URI peer, String action, Object fields) {
        return send(peer, Channel.MUTUAL_TLS.path(), action, fields, null, false);
    }

    /**
     * Like {@link #call} for an action that may be repeated safely: retried on 502/503/504 and
     * when unreachable. Use it only for actions the service declares idempotent (its
     * {@code GET /actions} says {@code "idempotent": true}).
     */
    public JsonNode callIdempotent(URI peer, String action, Object fields) {
        return send(peer, Channel.MUTUAL_TLS.path(), action, fields, null, true);
    }

    /**
     * Calls an action on {@code /execute} (mutual TLS) on behalf of a user: the request is sent
     * as given (it names its action) with the user's token, which the peer verifies itself.
     *
     * @param request   a JSON object with {@code "action"} and the action's fields
     * @param userToken the user's access token
     */
    public JsonNode callOnBehalfOf(URI peer, ObjectNode request, String userToken) {
        String action = request.path("action").asText("unknown");
        return post(peer, Channel.MUTUAL_TLS.path(), action, Json.writeBytes(request), userToken, false);
    }

    /**
     * The answer of a forwarded request, as the peer gave it.
     *
     * @param status the HTTP status
     * @param body   the JSON body
     * @param retryAfter the {@code Retry-After} header, if any
     */
    public record Forwarded(int status, byte[] body, String retryAfter) {}

    /**
     * Posts a thin client's request unchanged to a peer's {@code /execute-one-way-tls} and
     * returns the peer's answer unchanged (the web service's API gateway).
     *
     * @param authorization the client's {@code Authorization} header, or null
     * @param clientAddress the client's network address (sent as {@code X-Forwarded-For}), or null
     * @throws PeerCallException when the peer cannot be reached
     */
    public Forwarded forwardPublic(URI peer, byte[] body, String authorization, String clientAddress) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(peer.resolve(Channel.ONE_WAY_TLS.path()))
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (clientAddress != null) {
            // Believed by the peer because this client shows its certificate (see the server's Endpoints).
            builder.header("X-Forwarded-For", clientAddress);
        }
        HttpResponse<byte[]> response = exchange(peer, "forwarded request", builder.build());
        return new Forwarded(
                response.statusCode(),
                response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    /** Calls an action on {@code /execute-one-way-tls}, as a thin client, with an optional token. */
    public JsonNode callPublic(URI peer, String action, Object fields, String token) {
        return send(peer, Channel.ONE_WAY_TLS.path(), action, fields, token, false);
    }

    /** Puts an action on the peer's {@code /queue}; returns once the peer accepted it. */
    public void enqueue(URI peer, String action, Object fields) {
        send(peer, Channel.QUEUE.path(), action, fields, null, false);
    }

    /** Asks the peer to stop gracefully ({@code POST /shutdown}). */
    public void requestShutdown(URI peer) {
        post(peer, "/shutdown", "Shutdown", new byte[0], null, false);
    }

    /** {@code GET} of an informational endpoint ({@code /}, {@code /healthz}, {@code /readyz}); the JSON body. */
    public JsonNode get(URI peer, String path) {
        HttpRequest request = HttpRequest.newBuilder(peer.resolve(path))
                .timeout(options.requestTimeout())
                .GET()
                .build();
        HttpResponse<byte[]> response = exchange(peer, "GET " + path, request);
        JsonNode body = parse(peer, "GET " + path, response);
        if (response.statusCode() >= 300) {
            throw new PeerCallException(peer, "GET " + path, response.statusCode(), reason(body), null);
        }
        return body;
    }

    /**
     * {@code GET} of a stream route ({@code ServiceServer}'s raw byte endpoints): the answer as it
     * arrives, for the caller to pass on or read without holding it whole, through a
     * {@link StreamClient} (blocking TLS sockets, kept open for the next request). Not retried.
     * The request timeout bounds each wait for bytes (the status line, then every read of the
     * body), so a peer that stalls mid-transfer fails the read. The caller closes the answer.
     *
     * @param url     the full URL, path and query included
     * @param headers headers to send (e.g. {@code Authorization}, {@code Range}, {@code If-None-Match})
     * @throws PeerCallException (status 0) when the peer cannot be reached
     */
    public StreamAnswer stream(URI url, Map<String, String> headers) {
        return streams.get(url, headers);
    }

    private JsonNode send(URI peer, String path, String action, Object fields, String token, boolean idempotent) {
        ObjectNode body = fields == null ? Json.object() : Json.mapper().valueToTree(fields);
        body.put("action", action);
        return post(peer, path, action, Json.writeBytes(body), token, idempotent);
    }

    private JsonNode post(URI peer, String path, String action, byte[] body, String token, boolean idempotent) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(peer.resolve(path))
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        int attempts = idempotent ? options.maxAttempts() : 1;
        long backoff = options.initialBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> response = exchange(peer, action, request);
                JsonNode reply = parse(peer, action, response);
                int status = response.statusCode();
                if (status < 300) {
                    return reply.path("result");
                }
                PeerCallException failure =
                        new PeerCallException(peer, action, status, reason(reply), retryAfter(reply), reply, null);
                // A peer that says when to come back (Retry-After) refused on purpose, usually after
                // waiting its own timeout (a database that does not answer): trying again after our
                // short back-off would multiply the caller's wait and ignore what the peer asked.
                if (attempt >= attempts
                        || !(status == 502 || status == 503 || status == 504)
                        || failure.retryAfter().isPresent()) {
                    throw failure;
                }
                LOG.debug("retrying after {}", failure.getMessage());
            } catch (PeerCallException e) {
                if (attempt >= attempts || !e.isUnreachable() || isTlsRefusal(e)) {
                    throw e;
                }
                LOG.debug("retrying after {}", e.getMessage());
            }
            sleep(backoff);
            backoff *= 2;
        }
    }

    private HttpResponse<byte[]> exchange(URI peer, String action, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new PeerCallException(
                    peer,
                    action,
                    0,
                    "connect timed out after " + options.connectTimeout().toMillis() + " ms",
                    e);
        } catch (HttpTimeoutException e) {
            throw new PeerCallException(
                    peer,
                    action,
                    0,
                    "no reply within " + options.requestTimeout().toMillis() + " ms",
                    e);
        } catch (ConnectException e) {
            throw new PeerCallException(peer, action, 0, "connection refused", e);
        } catch (SSLHandshakeException e) {
            throw new PeerCallException(peer, action, 0, "TLS handshake failed: " + rootMessage(e), e);
        } catch (IOException e) {
            throw new PeerCallException(peer, action, 0, "I/O error: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerCallException(peer, action, 0, "interrupted", e);
        }
    }

    private static JsonNode parse(URI peer, String action, HttpResponse<byte[]> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new PeerCallException(peer, action, response.statusCode(), "reply is not JSON", e);
        }
    }

    private static String reason(JsonNode reply) {
        String reason = reply.path("reason").asText("no reason given");
        String errorId = reply.path("errorId").asText(null);
        return errorId == null ? reason : reason + " (errorId " + errorId + ")";
    }

    private static Duration retryAfter(JsonNode reply) {
        JsonNode seconds = reply.path(Reply.RETRY_AFTER_SECONDS);
        return seconds.canConvertToLong() ? Duration.ofSeconds(seconds.asLong()) : null;
    }

    private static boolean isTlsRefusal(PeerCallException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    /**
     * Stops the client: requests in flight get {@link #CLOSE_WAIT} to finish, then are
     * abandoned. {@link HttpClient#close()} would wait for them without a bound, and a request
     * can be stuck where no timeout of ours reaches it: a DNS lookup of a peer that is gone
     * blocked a stopping GSS for longer than its container's stop timeout.
     */
    @Override
    public void close() {
        streams.close();
        http.shutdown();
        try {
            if (!http.awaitTermination(CLOSE_WAIT)) {
                LOG.warn("requests still in flight {} ms after closing began: abandoned", CLOSE_WAIT.toMillis());
                http.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.shutdownNow();
        }
        // Not close(): it would wait for the tasks of abandoned requests, too.
        executor.shutdownNow();
    }
}
