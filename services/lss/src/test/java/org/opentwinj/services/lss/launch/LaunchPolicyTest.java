package org.opentwinj.services.lss.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.spawner.Endpoint;
import org.opentwinj.platform.spawner.LaunchBackend;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.ServiceLaunch;
import org.opentwinj.services.lss.session.LaunchPlanner.Placement;
import org.opentwinj.services.lss.session.LiveSession;
import org.opentwinj.services.lss.session.ServiceInstance;
import org.opentwinj.services.lss.session.ServiceSlot;
import org.opentwinj.services.lss.session.TestSessions;

/** What every session service gets from its LSS, whatever the spawner: its certificate, flags and environment. */
class LaunchPolicyTest {
    private static final String SESSION = "0d6e5f4a-3b2c-4d1e-8f7a-6b5c4d3e2f1a";
    private static final URI LSS_URL = URI.create("https://lss.example.org:8093");
    private static final URI MESH_URL = URI.create("https://mesh.example.org:20001");
    private static final CertificateAuthority CA =
            CertificateAuthority.create(CertificateRequest.of("OpenTwin test CA", List.of()), Duration.ofDays(2));

    /** A backend that says where services listen and records what it is asked for. */
    private static final class RecordingBackend implements LaunchBackend<ProcessRequest> {
        final List<ServiceLaunch> launches = Collections.synchronizedList(new ArrayList<>());
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Endpoint place(String session, String service) {
            calls.add("place " + service);
            return new Endpoint(20001, MESH_URL);
        }

        @Override
        public void reserve(Endpoint endpoint) {
            calls.add("reserve " + endpoint.port());
        }

        @Override
        public String bindAddress() {
            return "10.1.2.3";
        }

        @Override
        public List<String> hostNames(String session, String service, Endpoint endpoint) {
            return List.of(service + ".example.org", "localhost");
        }

        @Override
        public String filesDirectory(String session, String service) {
            return "/files/" + service;
        }

        @Override
        public ProcessRequest request(ServiceLaunch launch) {
            launches.add(launch);
            return new ProcessRequest(
                    launch.session(),
                    launch.service(),
                    List.of("run", launch.serviceType()),
                    launch.environment(),
                    Path.of("/"),
                    Path.of("/dev/null"));
        }

        @Override
        public void release(String session, String service, Endpoint endpoint) {
            calls.add("release " + service + " " + (endpoint == null ? null : endpoint.url()));
        }
    }

    private final RecordingBackend backend = new RecordingBackend();
    private final LiveSession session = new LiveSession(
            SESSION,
            "p1",
            "alice",
            "mesh",
            List.of(new ServiceSlot("mesh", "cartesian-mesh")),
            Instant.now(),
            Clock.systemUTC());

    private LaunchPolicy<ProcessRequest> policy(Duration certValidity) {
        return new LaunchPolicy<>(
                backend,
                CA,
                new LaunchSettings(
                        LSS_URL,
                        PemFiles.toPem(List.of(CA.certificate())),
                        certValidity,
                        List.of("--site-id", "1", "--log-level", "info"),
                        Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://u:p@db:27017")),
                () -> Duration.ofSeconds(45));
    }

    private ServiceInstance placedMesh(LaunchPolicy<ProcessRequest> policy) {
        Placement placement = policy.place(session, new ServiceSlot("mesh", "cartesian-mesh"));
        return TestSessions.placed(session, "mesh", placement.port(), placement.url());
    }

    private static X509Certificate certificate(ServiceLaunch launch) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(
                        launch.files().get("service.pem").getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theServiceGetsTheFlagsOfASessionServiceOfThisLssWithItsFilesWhereTheBackendPutsThem() {
        LaunchPolicy<ProcessRequest> policy = policy(Duration.ofHours(12));
        ServiceInstance mesh = placedMesh(policy);

        ProcessRequest request = policy.plan(session, mesh);

        ServiceLaunch launch = backend.launches.getFirst();
        assertThat(launch.serviceType()).isEqualTo("cartesian-mesh");
        assertThat(launch.service()).isEqualTo("mesh");
        assertThat(launch.project()).isEqualTo("p1");
        assertThat(launch.arguments())
                .containsExactly(
                        "--service-url",
                        MESH_URL.toString(),
                        "--bind",
                        "10.1.2.3",
                        "--cert",
                        "/files/mesh/service.pem",
                        "--key",
                        "/files/mesh/service-key.pem",
                        "--ca",
                        "/files/mesh/ca.pem",
                        "--lss-url",
                        LSS_URL.toString(),
                        "--session-id",
                        SESSION,
                        "--session-service",
                        "mesh",
                        "--stop-without-lss-ms",
                        "45000",
                        "--stopped-by-parent",
                        "--site-id",
                        "1",
                        "--log-level",
                        "info");
        // The database URL may hold a password: a variable, never a flag.
        assertThat(launch.environment()).containsExactly(Map.entry("OPEN_TWIN_DATABASE_URL", "mongodb://u:p@db:27017"));
        assertThat(request.environment()).isEqualTo(launch.environment());
        assertThat(launch.files())
                .containsOnlyKeys("service.pem", "service-key.pem", "ca.pem")
                .containsEntry("ca.pem", PemFiles.toPem(List.of(CA.certificate())));
        assertThat(launch.files().get("service-key.pem")).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void itsCertificateIsItsOwnForTheNamesTheBackendGivesWithBothUsagesFromTheCa() throws Exception {
        LaunchPolicy<ProcessRequest> policy = policy(Duration.ofHours(12));
        policy.plan(session, placedMesh(policy));

        X509Certificate certificate = certificate(backend.launches.getFirst());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=mesh." + SESSION);
        assertThat(policy.certificateSubject(session, new ServiceSlot("mesh", "cartesian-mesh")))
                .isEqualTo("mesh." + SESSION);
        assertThat(certificate.getSubjectAlternativeNames().stream()
                        .map(name -> (Object) name.get(1))
                        .toList())
                .containsExactlyInAnyOrder("mesh.example.org", "localhost");
        assertThat(certificate.getExtendedKeyUsage())
                .containsExactlyInAnyOrderElementsOf(Usage.PEER.extendedKeyUsages());
        certificate.verify(CA.certificate().getPublicKey());
        assertThat(Duration.between(
                        certificate.getNotBefore().toInstant(),
                        certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofHours(12));
    }

    @Test
    void aCertificateNeverOutlivesItsCa() throws Exception {
        LaunchPolicy<ProcessRequest> policy = policy(Duration.ofDays(30));
        policy.plan(session, placedMesh(policy));

        assertThat(certificate(backend.launches.getFirst()).getNotAfter())
                .isBeforeOrEqualTo(CA.certificate().getNotAfter());
    }

    @Test
    void aRestartKeepsTheCertificateAndTheEndOfTheServiceDropsIt() throws Exception {
        LaunchPolicy<ProcessRequest> policy = policy(Duration.ofHours(12));
        ServiceInstance mesh = placedMesh(policy);

        policy.plan(session, mesh);
        policy.plan(session, mesh);
        policy.release(session, mesh);
        policy.plan(session, mesh);

        assertThat(certificate(backend.launches.get(1))).isEqualTo(certificate(backend.launches.get(0)));
        assertThat(certificate(backend.launches.get(2)).getSerialNumber())
                .isNotEqualTo(certificate(backend.launches.get(0)).getSerialNumber());
        assertThat(backend.calls).containsExactly("place mesh", "release mesh " + MESH_URL);
    }

    @Test
    void aServiceFoundAfterARestartIsReservedWithTheBackend() {
        policy(Duration.ofHours(1)).reserve(new Placement(20001, MESH_URL));

        assertThat(backend.calls).containsExactly("reserve 20001");
    }
}
