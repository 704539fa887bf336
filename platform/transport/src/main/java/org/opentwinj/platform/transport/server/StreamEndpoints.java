package org.opentwinj.platform.transport.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.action.Reply;
import org.opentwinj.platform.transport.action.TokenVerifier;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the {@link StreamRoute}s: checks the caller, runs the handler, maps failures to JSON refusals. */
final class StreamEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoints.class);
    private static final String CHANNEL = "STREAM";

    private final ActionRegistry registry;
    private final ServiceMetrics metrics;
    private final BooleanSupplier draining;

    StreamEndpoints(ActionRegistry registry, ServiceMetrics metrics, BooleanSupplier draining) {
        this.registry = registry;
        this.metrics = metrics;
        this.draining = draining;
    }

    void addTo(HttpRouting.Builder routing, List<StreamRoute> routes) {
        for (StreamRoute route : routes) {
            routing.get(route.path(), (req, res) -> serve(route, req, res));
        }
    }

    private void serve(StreamRoute route, ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        HelidonStreamResponse response = new HelidonStreamResponse(res);
        int status;
        try {
            if (draining.getAsBoolean()) {
                throw new PublicException(503, "the service is shutting down");
            }
            StreamRequest request = request(route, req);
            try (LogContext ignored =
                    LogContext.with(LogContext.USER, request.caller().user())) {
                route.handler().handle(request, response);
            }
            if (!response.started()) {
                throw new IllegalStateException("the handler of " + route.path() + " answered nothing");
            }
            status = response.status;
        } catch (PublicException e) {
            status = e.status();
            refuse(response, res, Reply.error(Reply.UNKNOWN_ACTION, e), route, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            // The client (or the peer a handler streams from) went away mid-answer.
            status = 499;
            LOG.debug("GET {} ended early: {}", req.path().path(), e.getMessage());
        } catch (RuntimeException e) {
            String errorId = UUID.randomUUID().toString();
            try (LogContext ignored = LogContext.with(LogContext.ERROR_ID, errorId)) {
                LOG.error("GET {} failed", req.path().path(), e);
            }
            status = 500;
            refuse(response, res, Reply.internalError(Reply.UNKNOWN_ACTION, errorId), route, "internal error");
        }
        metrics.recordAction("GET " + route.path(), CHANNEL, status, System.nanoTime() - start);
    }

    private static void refuse(
            HelidonStreamResponse response, ServerResponse res, Reply reply, StreamRoute route, String why) {
        if (response.started()) {
            // The status is gone already: cutting the connection is the only way to tell the
            // client that the body is incomplete (it sees fewer bytes than Content-Length).
            LOG.warn("GET {} failed after its body started, connection cut: {}", route.path(), why);
            throw new IllegalStateException("stream failed after its body started: " + why);
        }
        if (reply.body().has(Reply.RETRY_AFTER_SECONDS)) {
            res.header(
                    HeaderNames.RETRY_AFTER,
                    reply.body().get(Reply.RETRY_AFTER_SECONDS).asText());
        }
        res.status(Status.create(reply.httpStatus()))
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(Json.writeBytes(reply.body()));
    }

    private StreamRequest request(StreamRoute route, ServerRequest req) {
        Map<String, String> pathParameters = new HashMap<>();
        req.path()
                .pathParameters()
                .names()
                .forEach(name ->
                        pathParameters.put(name, req.path().pathParameters().get(name)));
        Map<String, String> query = new HashMap<>();
        req.query().names().forEach(name -> query.put(name, req.query().get(name)));
        return new StreamRequest(
                req.path().path(),
                pathParameters,
                query,
                name -> req.headers().first(HeaderNames.create(name)),
                caller(route, req),
                req.remotePeer().host());
    }

    private Caller caller(StreamRoute route, ServerRequest req) {
        String token = req.headers()
                .first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim())
                .filter(value -> !value.isEmpty())
                .orElse(null);
        Optional<TokenVerifier> verifier = registry.verifier();
        if (route.access() == StreamRoute.Access.MUTUAL_TLS) {
            String peer = req.remotePeer()
                    .tlsCertificates()
                    .filter(chain -> chain.length > 0 && chain[0] instanceof X509Certificate)
                    .map(chain -> ((X509Certificate) chain[0])
                            .getSubjectX500Principal()
                            .getName())
                    .orElseThrow(() -> {
                        metrics.recordRefusal("no_client_certificate");
                        return PublicException.unauthorized("a client certificate is required on "
                                + req.path().path());
                    });
            if (token == null) {
                return Caller.service(peer);
            }
            return verifier.orElseThrow(
                            () -> PublicException.unauthorized("this service cannot verify the user token sent"))
                    .verify(token)
                    .via(peer);
        }
        if (token == null) {
            throw PublicException.unauthorized("a token is required: send 'Authorization: Bearer <token>'");
        }
        return verifier.orElseThrow(() -> PublicException.unauthorized("this service cannot verify tokens"))
                .verify(token);
    }

    /** The Helidon response behind a {@link StreamResponse}. */
    private static final class HelidonStreamResponse implements StreamResponse {
        private final ServerResponse res;
        private int status = 200;
        private boolean started;

        HelidonStreamResponse(ServerResponse res) {
            this.res = res;
        }

        @Override
        public StreamResponse status(int status) {
            requireNotStarted();
            this.status = status;
            return this;
        }

        @Override
        public StreamResponse header(String name, String value) {
            requireNotStarted();
            res.header(HeaderNames.create(name), value);
            return this;
        }

        @Override
        public OutputStream body(long contentLength) {
            requireNotStarted();
            if (contentLength < 0) {
                throw new IllegalArgumentException("a content length is >= 0: " + contentLength);
            }
            started = true;
            res.status(Status.create(status));
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(contentLength));
            return res.outputStream();
        }

        @Override
        public void send() {
            requireNotStarted();
            started = true;
            res.status(Status.create(status));
            res.send();
        }

        @Override
        public boolean started() {
            return started;
        }

        private void requireNotStarted() {
            if (started) {
                throw new IllegalStateException("the answer has started: its status and headers are sent");
            }
        }
    }
}
