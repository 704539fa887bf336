package org.opentwinj.platform.compute.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;

/** {@link ModelClient} against a scripted Model over real mutual TLS. */
class ModelClientTest {
    record Empty() {}

    record EntityRequest(String id, @OptionalField Long version) {}

    record ReadRequest(
            @OptionalField String id,
            @OptionalField String upload,
            @OptionalField Long version,
            Long offset) {}

    record StageRequest(@OptionalField String upload, String data) {}

    record SaveRequest(
            long expectedVersion,
            String message,
            List<ObjectNode> put,
            @OptionalField String job) {}

    private final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("Test CA", List.of()), Duration.ofDays(2));
    private final Map<String, ByteArrayOutputStream> staged = new ConcurrentHashMap<>();
    private final List<String> saveAuthors = new CopyOnWriteArrayList<>();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final byte[] payload = new byte[1_300_000];
    private ServiceServer server;
    private ServiceMetrics metrics;
    private ServiceClient client;
    private ModelClient model;
    private volatile long version = 4;

    private TlsMaterial peer(String name) {
        return TlsMaterial.of(ca.issue(
                CertificateRequest.of(name, List.of("localhost")),
                Usage.PEER,
                Duration.ofHours(1),
                Instant.now().minusSeconds(60)));
    }

    @BeforeEach
    void start() {
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        ActionRegistry registry = new ActionRegistry()
                .tokenVerifier(token -> {
                    if (!token.equals("token-alice")) {
                        throw PublicException.unauthorized("token expired");
                    }
                    return Caller.user("alice", Set.of(), token);
                })
                .register(ActionSpec.internal("Model.Entity", EntityRequest.class, (r, call) -> {
                    if (!r.id().equals("e-1")) {
                        throw PublicException.notFound("no entity " + r.id());
                    }
                    return Map.of("id", "e-1", "type", "result", "name", "base");
                }))
                .register(ActionSpec.internal("Model.ReadData", ReadRequest.class, (r, call) -> {
                    byte[] payload = r.upload() == null
                            ? this.payload
                            : staged.get(r.upload()).toByteArray();
                    int offset = r.offset().intValue();
                    int length = Math.min(500_000, payload.length - offset);
                    byte[] part = Arrays.copyOfRange(payload, offset, offset + length);
                    return Map.of(
                            "offset",
                            offset,
                            "size",
                            payload.length,
                            "eof",
                            offset + length >= payload.length,
                            "data",
                            Base64.getEncoder().encodeToString(part));
                }))
                .register(ActionSpec.internal("Model.StageData", StageRequest.class, (r, call) -> {
                    String upload = r.upload() == null ? "u-" + staged.size() : r.upload();
                    staged.computeIfAbsent(upload, u -> new ByteArrayOutputStream())
                            .writeBytes(Base64.getDecoder().decode(r.data()));
                    return Map.of("upload", upload);
                }))
                .register(ActionSpec.internal("Model.Info", Empty.class, (r, call) -> Map.of("version", version)))
                .register(ActionSpec.internal("Model.Save", SaveRequest.class, (r, call) -> {
                    if (conflicts.getAndDecrement() > 0) {
                        version++;
                        throw PublicException.conflict("the model moved on to version " + version);
                    }
                    if (r.expectedVersion() != version) {
                        throw PublicException.conflict("expected " + version);
                    }
                    saveAuthors.add(
                            r.job() == null
                                    ? String.valueOf(call.caller().user())
                                    : "job " + r.job() + " by "
                                            + call.caller().peer().replaceAll(".*CN=([^,]+).*", "$1") + " with user "
                                            + call.caller().user());
                    version++;
                    Map<String, Long> written = new LinkedHashMap<>();
                    for (int i = 0; i < r.put().size(); i++) {
                        written.put("new-" + i, version);
                    }
                    return Map.of("version", version, "written", written, "deleted", List.of(), "full", false);
                }));
        metrics = new ServiceMetrics("model");
        server = ServiceServer.start(
                new ServiceInfo("model", "1.0", "site", URI.create("https://localhost")),
                ServerOptions.onPort(0),
                peer("model.s-1").serverContext(),
                registry,
                metrics,
                List.of(() -> Optional.empty()));
        client = new ServiceClient(peer("compute-test.s-1").clientContext(), ClientOptions.DEFAULT);
        URI url = URI.create("https://localhost:" + server.port());
        model = new ModelClient(client, () -> url);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        metrics.close();
    }

    @Test
    void readsEntitiesAndWholePayloadsPartAfterPart() {
        assertThat(model.entity("e-1", null).path("name").asText()).isEqualTo("base");
        assertThat(model.data("e-1", 3L)).isEqualTo(payload);
        assertThatThrownBy(() -> model.entity("nope", null))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("no entity nope");
    }

    @Test
    void stagesLargePayloadsInPartsUnderOneUpload() {
        String upload = model.stage(payload);
        assertThat(staged).containsOnlyKeys(upload);
        assertThat(staged.get(upload).toByteArray()).isEqualTo(payload);
    }

    @Test
    void savesAsTheUserAndRetriesWhenAnotherSaveCameInBetween() {
        conflicts.set(1);
        ModelAccess.Saved saved =
                model.save("Make signal", List.of(Json.object().put("type", "result")), "token-alice");
        assertThat(saved.version()).isEqualTo(6);
        assertThat(saved.entities()).containsExactly("new-0");
        assertThat(saveAuthors).containsExactly("alice");
    }

    @Test
    void readsAStagedUploadPartAfterPart() {
        String upload = model.stage(payload);
        assertThat(model.staged(upload)).isEqualTo(payload);
    }

    @Test
    void savesAJobsResultsAsTheServiceNamingTheJobWithoutAToken() {
        conflicts.set(1);
        ModelAccess.Saved saved =
                model.saveForJob("job-1", "Make signal", List.of(Json.object().put("type", "result")));
        assertThat(saved.version()).isEqualTo(6);
        assertThat(saveAuthors).containsExactly("job job-1 by compute-test.s-1 with user null");
    }

    @Test
    void aRefusalKeepsTheModelsStatusAndReason() {
        assertThatThrownBy(() -> model.save("x", List.of(), "token-bob"))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("token expired");
    }

    @Test
    void anUnreachableModelIsA503() {
        ModelClient nowhere = new ModelClient(client, () -> URI.create("https://localhost:1"));
        assertThatThrownBy(() -> nowhere.entity("e-1", null))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(503))
                .hasMessageStartingWith("the session's Model service cannot be reached");
    }
}
