package org.opentwinj.bench.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.tokens.TokenIssuer;
import org.opentwinj.platform.tokens.TokenVerifierFromKeys;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;

/**
 * What the relay needs besides the echo service, without the real GSS and AUTH (and their
 * database): a GSS answering {@code Session.Routes} for one running session of
 * {@value Payload#USER} with the echo service in it, and an AUTH answering {@code Auth.Keys}
 * with the public key of a {@link TokenIssuer} that mints the clients' token. Both are real
 * {@link ServiceServer}s with mutual TLS, in the harness's JVM; the relay asks the GSS at
 * most once per {@code --route-cache-ms} (5 s) and AUTH once at start, so they cost the
 * measured paths next to nothing, and the lookups are counted to show it.
 */
final class FakeControlPlane implements AutoCloseable {
    /** The GSS's request. */
    record RoutesRequest(String session) {}

    /** {@code Auth.Keys} takes no fields. */
    record NoFields() {}

    private final TokenIssuer issuer = new TokenIssuer(TokenIssuer.generateKey(), Clock.systemUTC());
    private final JWKSet keys = new JWKSet(issuer.publicKey());
    private final AtomicLong routeLookups = new AtomicLong();
    private final ServiceServer gss;
    private final ServiceServer auth;
    private final ServiceMetrics metrics = new ServiceMetrics("relay-bench-control");
    private volatile URI echoUrl;

    FakeControlPlane(BenchPki pki) {
        ActionRegistry gssActions = new ActionRegistry()
                .register(ActionSpec.internal(
                                "Session.Routes", RoutesRequest.class, (request, call) -> routes(request.session()))
                        .asIdempotent());
        Map<String, Object> published = keys.toPublicJWKSet().toJSONObject(true);
        ActionRegistry authActions = new ActionRegistry()
                .register(ActionSpec.anonymous("Auth.Keys", NoFields.class, (request, call) -> published)
                        .asIdempotent());
        gss = start("gss", pki, gssActions);
        try {
            auth = start("auth", pki, authActions);
        } catch (RuntimeException e) {
            gss.stop();
            throw e;
        }
    }

    private ServiceServer start(String name, BenchPki pki, ActionRegistry actions) {
        ServerOptions options =
                ServerOptions.onPort(0).withBindHost("127.0.0.1").withShutdownGrace(Duration.ofSeconds(1));
        return ServiceServer.start(
                new ServiceInfo(name, "relay-bench", "1", URI.create("https://127.0.0.1:0")),
                options,
                TlsMaterial.of(pki.peer(name)).serverContext(),
                actions,
                metrics,
                List.of());
    }

    private ObjectNode routes(String session) {
        routeLookups.incrementAndGet();
        URI echo = echoUrl;
        if (!Payload.SESSION.equals(session) || echo == null) {
            throw PublicException.notFound("unknown session " + session);
        }
        ObjectNode routes = Json.object()
                .put("session", session)
                .put("user", Payload.USER)
                .put("project", "bench")
                .put("state", "RUNNING");
        routes.putObject("services").put(Payload.SERVICE, echo.toString());
        return routes;
    }

    /** Makes the session's echo service known, once it runs. */
    void echoAt(URI url) {
        echoUrl = url;
    }

    URI gssUrl() {
        return URI.create("https://127.0.0.1:" + gss.port());
    }

    URI authUrl() {
        return URI.create("https://127.0.0.1:" + auth.port());
    }

    /** An access token of {@value Payload#USER}, valid for {@code lifetime}. */
    String token(Duration lifetime) {
        return issuer.issue(Payload.USER, List.of(), TokenIssuer.ACCESS, lifetime, "bench-family")
                .token();
    }

    /**
     * What one check of a token costs here, in microseconds (median of 5 batches after a
     * warm-up): the echo service pays it for every message the relay forwards on the user's
     * behalf, so the report shows it next to the relay's figures.
     */
    double verifyMicros() {
        TokenVerifierFromKeys verifier = new TokenVerifierFromKeys(keys);
        String token = token(Duration.ofHours(1));
        for (int i = 0; i < 3_000; i++) {
            verifier.verify(token);
        }
        double[] batches = new double[5];
        for (int b = 0; b < batches.length; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                verifier.verify(token);
            }
            batches[b] = (System.nanoTime() - start) / 1000.0 / 500;
        }
        Arrays.sort(batches);
        return batches[batches.length / 2];
    }

    long routeLookups() {
        return routeLookups.get();
    }

    @Override
    public void close() {
        try {
            gss.stop();
        } finally {
            try {
                auth.stop();
            } finally {
                metrics.close();
            }
        }
    }
}
