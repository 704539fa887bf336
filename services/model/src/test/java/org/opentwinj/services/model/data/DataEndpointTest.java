package org.opentwinj.services.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.testing.TestClock;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.StreamAnswer;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.opentwinj.platform.transport.server.StreamRoute;
import org.opentwinj.services.model.ModelOptions;
import org.opentwinj.services.model.ProjectModel;
import org.opentwinj.services.model.access.ProjectAccess;
import org.opentwinj.services.model.data.cache.PayloadCache;
import org.opentwinj.services.model.data.cache.PayloadCacheOptions;
import org.opentwinj.services.model.save.EntityPut;
import org.opentwinj.services.model.save.SaveRequest;

/** The Model's data endpoint on a real server with real TLS, over an in-memory MongoDB. */
class DataEndpointTest {
    private static final int INLINE_LIMIT = 1024;

    private final MongoServer mongo = new MongoServer(new MemoryBackend());
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final AtomicReference<ProjectModel> current = new AtomicReference<>();
    private final byte[] large = new byte[3 * 1024 * 1024 + 300_000];
    private final byte[] small = "OTA1 small inline payload".getBytes();

    @TempDir
    private Path cacheDirectory;

    private ServiceClient relay;
    private URI url;
    private TlsMaterial serverTls;
    private ActionRegistry registry;
    private ProjectAccess access;
    private DatabaseConnection database;

    @BeforeEach
    void start() throws Exception {
        new Random(7).nextBytes(large);
        InetSocketAddress address = mongo.bind();
        database = DatabaseConnection.open(
                "mongodb://" + address.getHostString() + ":" + address.getPort() + "/test", Duration.ofSeconds(5));
        toClose.add(database::close);
        ModelOptions options = new ModelOptions(INLINE_LIMIT, 20, Duration.ofMinutes(2), 16);
        ProjectModel model = new ProjectModel(database.database(), "p-1", options, new TestClock()).open();
        model.save(
                "alice",
                save(0, put("big", "result", large), put("tiny", "result", small), put("dir", "folder", null)));
        byte[] changed = large.clone();
        changed[0]++;
        model.save("alice", save(1, put("big", "result", changed)));
        current.set(model);

        CertificateAuthority ca =
                CertificateAuthority.create(CertificateRequest.of("Test CA", List.of()), Duration.ofDays(2));
        serverTls = TlsMaterial.of(ca.issue(
                CertificateRequest.of("model", List.of("localhost")),
                Usage.PEER,
                Duration.ofHours(1),
                Instant.now().minusSeconds(60)));
        TlsMaterial relayTls = TlsMaterial.of(ca.issue(
                CertificateRequest.of("relay", List.of("localhost")),
                Usage.PEER,
                Duration.ofHours(1),
                Instant.now().minusSeconds(60)));
        registry = new ActionRegistry().tokenVerifier(token -> {
            if (token.equals("expired")) {
                throw PublicException.unauthorized("token expired");
            }
            return Caller.user(token, Set.of("user"), token);
        });
        Map<String, String> rights = Map.of("alice", "owner", "bob", "read");
        access = new ProjectAccess((project, user) -> rights.getOrDefault(user, "none"), "s-1", new TestClock());
        url = serve(PayloadCache.open(new PayloadCacheOptions(cacheDirectory, PayloadCacheOptions.DEFAULT_MAX_BYTES)));
        relay = new ServiceClient(relayTls.clientContext(), ClientOptions.DEFAULT);
        toClose.addFirst(relay);
    }

    /** Starts the endpoint with this cache on a server of its own; its URL. */
    private URI serve(PayloadCache cache) {
        ServiceMetrics metrics = new ServiceMetrics("model");
        toClose.addFirst(metrics);
        ServiceServer server = ServiceServer.start(
                new ServiceInfo("model", "1", "site", URI.create("https://localhost")),
                ServerOptions.onPort(0),
                serverTls.serverContext(),
                registry,
                metrics,
                List.of(),
                List.of(),
                List.of(),
                List.of(new StreamRoute(
                        DataEndpoint.PATH,
                        StreamRoute.Access.MUTUAL_TLS,
                        new DataEndpoint(current::get, access, database.database(), cache, 1))));
        toClose.addFirst(server);
        return URI.create("https://localhost:" + server.port());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : toClose) {
            resource.close();
        }
        mongo.shutdownNow();
    }

    @Test
    void aReaderGetsAGridFsPayloadWholeWithLengthAndEtag() throws Exception {
        byte[] changed = large.clone();
        changed[0]++;
        StreamAnswer response = get("/data/big", "bob", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(large.length);
        assertThat(response.headers().firstValue("ETag")).contains("\"" + sha256(changed) + "\"");
        assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(bytes(response)).isEqualTo(changed);
    }

    @Test
    void anEarlierVersionAndAnInlinePayload() throws Exception {
        assertThat(bytes(get("/data/big?version=1", "bob", Map.of()))).isEqualTo(large);
        StreamAnswer tiny = get("/data/tiny", "alice", Map.of());
        assertThat(tiny.headers().firstValue("ETag")).contains("\"" + sha256(small) + "\"");
        assertThat(bytes(tiny)).isEqualTo(small);
    }

    @Test
    void rangesServePartsAcrossReadPieces() throws Exception {
        StreamAnswer part = get("/data/big?version=1", "bob", Map.of("Range", "bytes=1048000-2200000"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 1048000-2200000/" + large.length);
        assertThat(bytes(part)).isEqualTo(Arrays.copyOfRange(large, 1048000, 2200001));

        StreamAnswer tail = get("/data/tiny", "bob", Map.of("Range", "bytes=-5"));
        assertThat(bytes(tail)).isEqualTo(Arrays.copyOfRange(small, small.length - 5, small.length));

        StreamAnswer past = get("/data/tiny", "bob", Map.of("Range", "bytes=5000-"));
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */" + small.length);
        assertThat(json(past).path("reason").asText()).contains("not within the " + small.length + " bytes");
    }

    @Test
    void etagsRevalidateAndGuardRanges() throws Exception {
        String etag = "\"" + sha256(small) + "\"";
        StreamAnswer same = get("/data/tiny", "bob", Map.of("If-None-Match", "\"other\", " + etag));
        assertThat(same.statusCode()).isEqualTo(304);
        same.body().close();
        StreamAnswer otherVersion = get("/data/tiny", "bob", Map.of("Range", "bytes=0-1", "If-Range", "\"stale\""));
        assertThat(otherVersion.statusCode()).isEqualTo(200);
        assertThat(bytes(otherVersion)).isEqualTo(small);
        StreamAnswer sameVersion = get("/data/tiny", "bob", Map.of("Range", "bytes=0-1", "If-Range", etag));
        assertThat(sameVersion.statusCode()).isEqualTo(206);
    }

    @Test
    void refusals() throws Exception {
        StreamAnswer noRights = get("/data/big", "eve", Map.of());
        assertThat(noRights.statusCode()).isEqualTo(403);
        assertThat(json(noRights).path("reason").asText()).isEqualTo("you have no access to this project");
        assertThat(get("/data/big", "expired", Map.of()).statusCode()).isEqualTo(401);

        StreamAnswer unknown = get("/data/nope", "bob", Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("reason").asText()).isEqualTo("no entity nope at the current version");
        StreamAnswer folder = get("/data/dir", "bob", Map.of());
        assertThat(folder.statusCode()).isEqualTo(404);
        assertThat(json(folder).path("reason").asText()).isEqualTo("entity dir has no data");
        StreamAnswer badVersion = get("/data/big?version=-2", "bob", Map.of());
        assertThat(badVersion.statusCode()).isEqualTo(400);
        assertThat(json(badVersion).path("reason").asText()).contains("not '-2'");

        // Without a user token, only the session's own services may read; the relay alone may not.
        StreamAnswer relayAlone = relay.stream(url.resolve("/data/big"), Map.of());
        assertThat(relayAlone.statusCode()).isEqualTo(403);
        relayAlone.body().close();
    }

    @Test
    void theSecondReadComesFromTheCacheAndADamagedCopyIsNeverServed() throws Exception {
        String sha = sha256(large);
        assertThat(bytes(get("/data/big?version=1", "bob", Map.of()))).isEqualTo(large);
        Path copy = cacheDirectory.resolve(sha);
        awaitCopy(copy);

        // The same length, other bytes: the copy's SHA-256 no longer matches, so it is read again.
        byte[] damaged = large.clone();
        damaged[12345] ^= 1;
        Files.write(copy, damaged);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(0));
        assertThat(bytes(get("/data/big?version=1", "bob", Map.of()))).isEqualTo(large);
        awaitCopy(copy);

        // A range of a cached payload is served from the copy.
        StreamAnswer part = get("/data/big?version=1", "bob", Map.of("Range", "bytes=1048000-2200000"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(bytes(part)).isEqualTo(Arrays.copyOfRange(large, 1048000, 2200001));
    }

    /**
     * A whole payload goes to the client while it is copied into the cache, and the copy is
     * renamed into place once its SHA-256 is checked, after the last byte went out: a client that
     * has every byte may look a moment before the copy is there.
     */
    private void awaitCopy(Path copy) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(copy));
        assertThat(copy).hasBinaryContent(large);
    }

    @Test
    void withoutACacheEveryReadGoesToGridFs() throws Exception {
        Path none = cacheDirectory.resolve("none");
        url = serve(PayloadCache.open(new PayloadCacheOptions(none, 0)));
        assertThat(bytes(get("/data/big?version=1", "bob", Map.of()))).isEqualTo(large);
        StreamAnswer part = get("/data/big?version=1", "bob", Map.of("Range", "bytes=1048000-2200000"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(bytes(part)).isEqualTo(Arrays.copyOfRange(large, 1048000, 2200001));
        try (Stream<Path> files = Files.list(none)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void beforeTheSessionRunsTheAnswerIs409() throws Exception {
        current.set(null);
        StreamAnswer early = get("/data/big", "bob", Map.of());
        assertThat(early.statusCode()).isEqualTo(409);
        early.body().close();
    }

    @Test
    void ifNoneMatchLists() {
        assertThat(DataEndpoint.matches(Optional.of("*"), "\"a\"")).isTrue();
        assertThat(DataEndpoint.matches(Optional.of("W/\"a\""), "\"a\"")).isTrue();
        assertThat(DataEndpoint.matches(Optional.of("\"b\""), "\"a\"")).isFalse();
        assertThat(DataEndpoint.matches(Optional.empty(), "\"a\"")).isFalse();
    }

    private StreamAnswer get(String path, String user, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + user);
        return relay.stream(url.resolve(path), all);
    }

    private static byte[] bytes(StreamAnswer response) throws Exception {
        try (InputStream in = response.body()) {
            return in.readAllBytes();
        }
    }

    private static JsonNode json(StreamAnswer response) throws Exception {
        try (InputStream in = response.body()) {
            return Json.mapper().readTree(in.readAllBytes());
        }
    }

    private static SaveRequest save(long expected, EntityPut... puts) {
        return new SaveRequest(expected, "test", List.of(puts), null);
    }

    private static EntityPut put(String id, String type, byte[] data) {
        return new EntityPut(
                id,
                type,
                id,
                null,
                null,
                null,
                data == null ? null : Base64.getEncoder().encodeToString(data),
                null,
                null);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
