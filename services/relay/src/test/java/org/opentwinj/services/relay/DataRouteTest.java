package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;

/** The relay's data path with real TLS: a fake GSS, a fake Model's data endpoint, a thin client. */
class DataRouteTest {
    private static final byte[] PAYLOAD = new byte[3 * 1024 * 1024 + 5];

    private final RelayHarness harness = new RelayHarness();
    private final List<String> modelSaw = new CopyOnWriteArrayList<>();
    /** While set, the fake Model sends half of the payload, then waits for it. */
    private volatile CountDownLatch halfway;

    static {
        for (int i = 0; i < PAYLOAD.length; i++) {
            PAYLOAD[i] = (byte) (i * 31);
        }
    }

    @BeforeEach
    void start() {
        URI model = harness.startFakeModel((request, response) -> {
            modelSaw.add(request.caller() + " " + request.pathParameter("entity") + " "
                    + request.queryParameter("version").orElse("head") + " "
                    + request.header("Range").orElse("whole"));
            if (request.pathParameter("entity").equals("missing")) {
                throw PublicException.notFound("no entity missing at the current version");
            }
            response.header("ETag", "\"abc\"").header("Content-Type", "application/octet-stream");
            if (request.header("Range").isPresent()) {
                response.status(206).header("Content-Range", "bytes 0-9/" + PAYLOAD.length);
                try (OutputStream out = response.body(10)) {
                    out.write(PAYLOAD, 0, 10);
                }
                return;
            }
            CountDownLatch wait = halfway;
            try (OutputStream out = response.body(PAYLOAD.length)) {
                int half = PAYLOAD.length / 2;
                out.write(PAYLOAD, 0, half);
                out.flush();
                if (wait != null && !wait.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the client never got the first half");
                }
                out.write(PAYLOAD, half, PAYLOAD.length - half);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        harness.session("s1", "alice", "RUNNING", Map.of("model", model));
        harness.session("s2", "alice", "STARTING", Map.of("model", model));
        harness.session("s3", "alice", "RUNNING", Map.of("echo", harness.echoUrl));
        harness.session("s4", "alice", "RUNNING", Map.of("model", RelayHarness.deadUrl()));
        harness.participants("s1", "carol");
        harness.startRelay(RelayConfig.DEFAULTS);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void theOpenerGetsThePayloadAndTheModelSeesTheUserViaTheRelay() throws Exception {
        HttpResponse<byte[]> whole = get("/data/s1/result-1?version=4", harness.token("alice", "user"), Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(PAYLOAD.length);
        assertThat(whole.headers().firstValue("ETag")).contains("\"abc\"");
        assertThat(whole.body()).isEqualTo(PAYLOAD);
        assertThat(modelSaw).containsExactly("user alice via service CN=relay result-1 4 whole");
    }

    @Test
    void participantsAndAdminsToo_andRangesPassBothWays() throws Exception {
        HttpResponse<byte[]> part =
                get("/data/s1/result-1", harness.token("carol", "user"), Map.of("Range", "bytes=0-9"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 0-9/" + PAYLOAD.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOf(PAYLOAD, 10));
        assertThat(get("/data/s1/result-1", harness.token("root", "admin"), Map.of("Range", "bytes=0-9"))
                        .statusCode())
                .isEqualTo(206);
        assertThat(modelSaw)
                .containsExactly(
                        "user carol via service CN=relay result-1 head bytes=0-9",
                        "user root via service CN=relay result-1 head bytes=0-9");
    }

    @Test
    void clientsAreAdmittedAsTheirWebsocketWouldBe() throws Exception {
        assertRefused(get("/data/s1/result-1", null, Map.of()), 401, "a token is required");
        assertRefused(get("/data/s1/result-1", harness.expiredToken("alice"), Map.of()), 401, "");
        assertRefused(get("/data/s1/result-1", harness.token("bob", "user"), Map.of()), 403, "join it first");
        String alice = harness.token("alice", "user");
        assertRefused(get("/data/nope/result-1", alice, Map.of()), 404, "unknown session nope");
        assertRefused(get("/data/s2/result-1", alice, Map.of()), 409, "is not running (state STARTING)");
        assertRefused(get("/data/s3/result-1", alice, Map.of()), 404, "has no model service; its services are: echo");
        assertRefused(get("/data/s1/a.b", alice, Map.of()), 400, "is not an entity id");
        assertRefused(get("/data/s1/result-1?version=x", alice, Map.of()), 400, "not 'x'");
        assertRefused(get("/data/s4/result-1", alice, Map.of()), 502, "the session's model cannot be reached");
        assertThat(modelSaw).isEmpty();
        assertRefused(get("/data/s1/missing", alice, Map.of()), 404, "no entity missing at the current version");
    }

    @Test
    void bytesArePassedOnAsTheyArriveNotWhenTheWholePayloadIsThere() throws Exception {
        halfway = new CountDownLatch(1);
        HttpResponse<InputStream> response = harness.http()
                .send(
                        request("/data/s1/result-1", harness.token("alice", "user"), Map.of()),
                        HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            int half = PAYLOAD.length / 2;
            // The Model holds back the second half until the client has the first: a relay that
            // buffered the whole payload would never deliver it (the read would fail after 30 s).
            byte[] first = CompletableFuture.supplyAsync(() -> {
                        try {
                            return in.readNBytes(half);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            assertThat(first).isEqualTo(Arrays.copyOf(PAYLOAD, half));
            halfway.countDown();
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(PAYLOAD, half, PAYLOAD.length));
        }
    }

    private HttpResponse<byte[]> get(String path, String token, Map<String, String> headers) throws Exception {
        return harness.http().send(request(path, token, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest request(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(harness.relayUrl().resolve(path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return builder.build();
    }

    private static void assertRefused(HttpResponse<byte[]> response, int status, String reason) throws Exception {
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(status);
        assertThat(Json.mapper().readTree(response.body()).path("reason").asText())
                .contains(reason);
    }
}
