package org.opentwinj.platform.transport.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.action.Origin;
import org.opentwinj.platform.transport.action.Reply;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP side of a service: reads requests, enforces transport rules, writes JSON replies. */
final class Endpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);
    private static final String JSON = "application/json";
    private static final List<String> POST_PATHS = List.of("/execute", "/execute-one-way-tls", "/queue", "/shutdown");

    private final ServiceInfo info;
    private final ServerOptions options;
    private final ActionRegistry registry;
    private final ServiceMetrics metrics;
    private final List<ReadinessCheck> readiness;
    private final RequestQueue queue;
    private final Consumer<String> onShutdownRequest;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    Endpoints(
            ServiceInfo info,
            ServerOptions options,
            ActionRegistry registry,
            ServiceMetrics metrics,
            List<ReadinessCheck> readiness,
            RequestQueue queue,
            Consumer<String> onShutdownRequest) {
        this.info = info;
        this.options = options;
        this.registry = registry;
        this.metrics = metrics;
        this.readiness = List.copyOf(readiness);
        this.queue = queue;
        this.onShutdownRequest = onShutdownRequest;
    }

    /** What the service offers: each action, where it is taken, who may call it, whether it may be retried. */
    private ObjectNode actionList() {
        ObjectNode reply = Json.object().put("service", info.service());
        ArrayNode list = reply.putArray("actions");
        registry.actions().stream()
                .sorted(Comparator.comparing(spec -> spec.name()))
                .forEach(spec -> {
                    ObjectNode entry = list.addObject().put("action", spec.name());
                    spec.channels().stream()
                            .sorted()
                            .forEach(channel -> entry.withArray("endpoints").add(channel.path()));
                    if (spec.channels().contains(Channel.ONE_WAY_TLS)) {
                        entry.put("access", spec.access().name().toLowerCase(Locale.ROOT));
                    }
                    entry.put("idempotent", spec.idempotent());
                });
        return reply;
    }

    void addTo(HttpRouting.Builder routing) {
        routing.post("/execute", (req, res) -> action(Channel.MUTUAL_TLS, req, res))
                .post("/execute-one-way-tls", (req, res) -> action(Channel.ONE_WAY_TLS, req, res))
                .post("/queue", this::enqueue)
                .post("/shutdown", this::shutdown)
                .get("/", (req, res) -> send(res, 200, Json.mapper().valueToTree(info)))
                .get("/info", (req, res) -> send(res, 200, Json.mapper().valueToTree(info)))
                .get("/actions", (req, res) -> send(res, 200, actionList()))
                .get("/healthz", (req, res) -> send(res, 200, Json.object().put("status", "UP")))
                .get("/readyz", this::ready)
                .get(
                        "/metrics",
                        (req, res) -> res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                                .send(metrics.scrape()))
                .any(this::noSuchEndpoint);
    }

    private void action(Channel channel, ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        Reply reply;
        try {
            reply = dispatch(channel, req);
        } finally {
            inFlight.decrementAndGet();
        }
        metrics.recordAction(reply.action(), channel.name(), reply.httpStatus(), System.nanoTime() - start);
        send(res, reply.httpStatus(), reply.body());
    }

    private Reply dispatch(Channel channel, ServerRequest req) {
        try {
            if (draining) {
                throw new PublicException(503, "the service is shutting down");
            }
            String peer = channel == Channel.ONE_WAY_TLS ? null : requireClientCertificate(req);
            byte[] body = readBody(req);
            return registry.dispatch(channel, body, new Origin(peer, bearerToken(req), clientAddress(channel, req)));
        } catch (PublicException e) {
            return Reply.error(Reply.UNKNOWN_ACTION, e);
        }
    }

    private void enqueue(ServerRequest req, ServerResponse res) {
        try {
            if (draining) {
                throw new PublicException(503, "the service is shutting down");
            }
            String peer = requireClientCertificate(req);
            int position = queue.submit(readBody(req), peer);
            send(res, 202, Json.object().put("status", "accepted").put("position", position));
        } catch (PublicException e) {
            send(res, e.status(), Reply.error(Reply.UNKNOWN_ACTION, e).body());
        }
    }

    private void shutdown(ServerRequest req, ServerResponse res) {
        try {
            String peer = requireClientCertificate(req);
            LOG.info("shutdown requested by {}", peer);
            send(res, 202, Json.object().put("status", "stopping"));
            onShutdownRequest.accept(peer);
        } catch (PublicException e) {
            send(
                    res,
                    e.status(),
                    Reply.error(e.status(), Reply.UNKNOWN_ACTION, e.getMessage())
                            .body());
        }
    }

    private void ready(ServerRequest req, ServerResponse res) {
        ArrayNode problems = Json.mapper().createArrayNode();
        if (draining) {
            problems.add("the service is shutting down");
        }
        for (ReadinessCheck check : readiness) {
            check.problem().ifPresent(problems::add);
        }
        ObjectNode body = Json.object().put("status", problems.isEmpty() ? "READY" : "NOT_READY");
        body.set("problems", problems);
        send(res, problems.isEmpty() ? 200 : 503, body);
    }

    private void noSuchEndpoint(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        boolean wrongMethod =
                POST_PATHS.contains(path) && !req.prologue().method().equals(Method.POST);
        int status = wrongMethod ? 405 : 404;
        String reason = wrongMethod
                ? path + " accepts POST only"
                : "no such endpoint: " + req.prologue().method().text() + " " + path;
        send(res, status, Reply.error(status, Reply.UNKNOWN_ACTION, reason).body());
    }

    /**
     * The address of the client. A platform service that passes a thin client's request on to
     * the public channel (the web service's API gateway) names the client in
     * {@code X-Forwarded-For}; the header is believed only over a connection with a verified
     * client certificate, so a thin client cannot claim another address (to dodge a per-address
     * limit, or to lock another address out).
     */
    private static String clientAddress(Channel channel, ServerRequest req) {
        String direct = req.remotePeer().host();
        Optional<String> forwarded = req.headers().first(FORWARDED_FOR);
        if (channel != Channel.ONE_WAY_TLS || forwarded.isEmpty()) {
            return direct;
        }
        if (clientCertificate(req).isEmpty()) {
            return direct;
        }
        String first = forwarded.get().split(",")[0].strip();
        return first.isEmpty() ? direct : first;
    }

    private static final HeaderName FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");

    /** @return the subject of the verified client certificate */
    private String requireClientCertificate(ServerRequest req) {
        Optional<X509Certificate> certificate = clientCertificate(req);
        if (certificate.isEmpty()) {
            metrics.recordRefusal("no_client_certificate");
            LOG.warn(
                    "refused {} from {}: no client certificate (mutual TLS is required here)",
                    req.path().path(),
                    req.remotePeer().host());
            throw PublicException.unauthorized("a client certificate is required on "
                    + req.path().path() + "; thin clients use /execute-one-way-tls");
        }
        // The TLS layer has verified the chain and the clientAuth usage already.
        return certificate.get().getSubjectX500Principal().getName();
    }

    /** The client certificate the TLS layer verified, if the client presented one. */
    private static Optional<X509Certificate> clientCertificate(ServerRequest req) {
        return req.remotePeer()
                .tlsCertificates()
                .filter(chain -> chain.length > 0 && chain[0] instanceof X509Certificate)
                .map(chain -> (X509Certificate) chain[0]);
    }

    private byte[] readBody(ServerRequest req) {
        long limit = options.maxBodyBytes();
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException | UncheckedIOException e) {
            throw new PublicException(400, "could not read the request body: " + e.getMessage());
        }
    }

    private PublicException tooLarge(long limit) {
        metrics.recordRefusal("body_too_large");
        return new PublicException(413, "request body larger than the limit of " + limit + " bytes");
    }

    private static String bearerToken(ServerRequest req) {
        return req.headers()
                .first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim())
                .orElse(null);
    }

    private static void send(ServerResponse res, int status, ObjectNode body) {
        if (body.has(Reply.RETRY_AFTER_SECONDS)) {
            res.header(
                    HeaderNames.RETRY_AFTER, body.get(Reply.RETRY_AFTER_SECONDS).asText());
        }
        res.status(Status.create(status)).header(HeaderNames.CONTENT_TYPE, JSON).send(Json.writeBytes(body));
    }

    /** Whether a stop has begun: new requests are refused with 503. */
    boolean isDraining() {
        return draining;
    }

    /** Refuses new work, then waits for requests in flight and the queue until the deadline. */
    void drain(long deadlineNanos) {
        draining = true;
        while (inFlight.get() > 0 && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("shutdown grace period over with {} requests still running", inFlight.get());
        }
        queue.drain(deadlineNanos);
    }
}
