package org.opentwinj.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.opentwinj.platform.transport.server.WebSocketRoute;

/**
 * The relay's websocket as a job follower uses it, against an in-process server with real
 * TLS that speaks the relay's frames: a push that arrives while a request waits for its reply
 * is kept for {@code nextPush}, in order; no push is an empty answer in time; a closed
 * connection is an error.
 */
class RelayConnectionPushTest {
    private final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("CLI test CA", List.of()), Duration.ofDays(1));
    private final ServiceMetrics metrics = new ServiceMetrics("relay");
    private ServiceServer server;

    /** Answers every request with two pushes first, then the reply; "Bye" closes the connection. */
    private static final class FakeRelay implements WsListener {
        @Override
        public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
            WritableHeaders<?> answer = WritableHeaders.create();
            answer.set(HeaderNames.create("Sec-WebSocket-Protocol"), "opentwin.v1");
            return Optional.of(answer);
        }

        @Override
        public void onOpen(WsSession socket) {
            socket.send(
                    Json.object().put("type", "welcome").put("session", "s1").toString(), true);
        }

        @Override
        public void onMessage(WsSession socket, String text, boolean last) {
            JsonNode request;
            try {
                request = Json.mapper().readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if ("Bye".equals(request.path("message").path("action").asText())) {
                socket.close(1001, "going away");
                return;
            }
            for (double fraction : new double[] {0.25, 0.5}) {
                socket.send(
                        Json.object()
                                .put("type", "push")
                                .put("service", "model")
                                .set(
                                        "message",
                                        Json.object()
                                                .put("event", "job")
                                                .set("job", Json.object().put("fraction", fraction)))
                                .toString(),
                        true);
            }
            socket.send(
                    Json.object()
                            .put("type", "reply")
                            .put("id", request.path("id").asInt())
                            .put("status", "ok")
                            .set("result", Json.object().put("answer", 42))
                            .toString(),
                    true);
        }
    }

    private RelayConnection connect() {
        TlsMaterial tls = TlsMaterial.of(ca.issue(
                CertificateRequest.of("relay", List.of("localhost", "127.0.0.1")),
                Usage.PEER,
                Duration.ofHours(1),
                Instant.now().minusSeconds(60)));
        server = ServiceServer.start(
                new ServiceInfo("relay", "test", "1", URI.create("https://localhost:1")),
                ServerOptions.onPort(0).withShutdownGrace(Duration.ofSeconds(1)),
                tls.serverContext(),
                new ActionRegistry(),
                metrics,
                List.of(),
                List.of(new WebSocketRoute("/relay", FakeRelay::new)));
        return RelayConnection.open(
                TrustOnlyTls.trusting(List.of(ca.certificate())),
                URI.create("https://localhost:" + server.port()),
                "s1",
                "token",
                Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        metrics.close();
    }

    @Test
    void pushesThatCameBeforeTheReplyAreKeptInOrder() {
        try (RelayConnection relay = connect()) {
            JsonNode reply = relay.request("model", Json.object().put("action", "Job.Get"), Duration.ofSeconds(10));

            assertThat(reply.path("answer").asInt()).isEqualTo(42);
            assertThat(relay.nextPush(Duration.ofSeconds(5)))
                    .hasValueSatisfying(push -> assertThat(
                                    push.message().path("job").path("fraction").asDouble())
                            .isEqualTo(0.25));
            assertThat(relay.nextPush(Duration.ofSeconds(5))).hasValueSatisfying(push -> {
                assertThat(push.service()).isEqualTo("model");
                assertThat(push.message().path("job").path("fraction").asDouble())
                        .isEqualTo(0.5);
            });
            assertThat(relay.nextPush(Duration.ofMillis(200))).isEmpty();
        }
    }

    @Test
    void aConnectionTheRelayClosedIsAnError() {
        try (RelayConnection relay = connect()) {
            assertThatThrownBy(() -> {
                        relay.request("model", Json.object().put("action", "Bye"), Duration.ofSeconds(10));
                    })
                    .isInstanceOf(PublicException.class)
                    .hasMessageContaining("the relay closed the connection: 1001");
            assertThatThrownBy(() -> relay.nextPush(Duration.ofSeconds(1)))
                    .isInstanceOf(PublicException.class)
                    .hasMessageContaining("the relay closed the connection");
        }
    }
}
