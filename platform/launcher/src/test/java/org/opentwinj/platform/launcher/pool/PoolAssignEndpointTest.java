package org.opentwinj.platform.launcher.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;

/** {@code Pool.Assign} over real mTLS: only the LSS's certificate, only once, the files written privately. */
class PoolAssignEndpointTest {
    private static final CertificateAuthority CA =
            CertificateAuthority.create(CertificateRequest.of("Pool assign test CA", List.of()), Duration.ofDays(1));
    private static final CertificateAuthority OTHER_CA =
            CertificateAuthority.create(CertificateRequest.of("Another CA", List.of()), Duration.ofDays(1));
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost");

    @TempDir
    Path directory;

    private PoolAssignEndpoint endpoint;
    private URI url;

    @BeforeEach
    void listen() throws IOException {
        IssuedCertificate pool =
                CA.issue(CertificateRequest.of("pool.lss-1", LOOPBACK), Usage.PEER, Duration.ofHours(1));
        Path tls = Files.createDirectories(directory.resolve("tls"));
        Files.writeString(tls.resolve("pool.pem"), PemFiles.toPem(List.of(pool.certificate())));
        Files.writeString(tls.resolve("pool-key.pem"), PemFiles.toPem(pool.privateKey()));
        Files.writeString(tls.resolve("ca.pem"), PemFiles.toPem(List.of(CA.certificate())));
        endpoint = PoolAssignEndpoint.start(
                new NetworkAssignment(
                        "127.0.0.1",
                        0,
                        tls.resolve("pool.pem"),
                        tls.resolve("pool-key.pem"),
                        tls.resolve("ca.pem"),
                        "lss.lss-1",
                        directory.resolve("session")),
                Set.of("probe"));
        url = URI.create("https://127.0.0.1:" + endpoint.port());
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    private static ServiceClient client(CertificateAuthority ca, String commonName) {
        return new ServiceClient(
                TlsMaterial.of(ca.issue(
                                CertificateRequest.of(commonName, List.of()), Usage.CLIENT, Duration.ofHours(1)))
                        .clientContext(),
                ClientOptions.DEFAULT);
    }

    private static PoolAssignRequest assignment(String session) {
        return new PoolAssignRequest(
                new PoolAssignment(
                        List.of(
                                "probe",
                                "--session-id",
                                session,
                                "--session-service",
                                "probe",
                                "--lss-url",
                                "https://lss:8443",
                                "--cert",
                                "/files/service.pem",
                                "--key",
                                "/files/service-key.pem",
                                "--ca",
                                "/files/ca.pem"),
                        Map.of("OPEN_TWIN_X", "1")),
                Map.of("service.pem", "CERT", "service-key.pem", "KEY", "ca.pem", "CA"));
    }

    @Test
    void theLssAssignsItOnceAndTheFilesAreItsOwnerSOnly() throws Exception {
        try (ServiceClient lss = client(CA, "lss.lss-1")) {
            assertThat(lss.call(url, PoolAssignRequest.ACTION, assignment("s1"))
                            .path("session")
                            .asText())
                    .isEqualTo("s1");

            assertThat(endpoint.assignment()).isCompleted();
            assertThat(endpoint.assignment().join().flag("--session-id")).isEqualTo("s1");
            Path key = directory.resolve("session").resolve("service-key.pem");
            assertThat(key).hasContent("KEY");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                    .isEqualTo("rw-------");

            assertThatThrownBy(() -> lss.call(url, PoolAssignRequest.ACTION, assignment("s2")))
                    .isInstanceOfSatisfying(
                            PeerCallException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(409));
            assertThat(endpoint.assignment().join().flag("--session-id")).isEqualTo("s1");
        }
    }

    @Test
    void anotherCertificateOfTheSameCaIsRefusedAndDoesNotUseItUp() {
        try (ServiceClient intruder = client(CA, "model.s9")) {
            assertThatThrownBy(() -> intruder.call(url, PoolAssignRequest.ACTION, assignment("s9")))
                    .isInstanceOfSatisfying(PeerCallException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(403);
                        assertThat(e.reason()).contains("only lss.lss-1 may assign");
                    });
        }
        assertThat(endpoint.assignment()).isNotDone();
        assertThat(directory.resolve("session")).doesNotExist();
        try (ServiceClient lss = client(CA, "lss.lss-1")) {
            lss.call(url, PoolAssignRequest.ACTION, assignment("s1"));
        }
        assertThat(endpoint.assignment().join().flag("--session-id")).isEqualTo("s1");
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedEvenWithTheLssName() {
        try (ServiceClient stranger = client(OTHER_CA, "lss.lss-1")) {
            assertThatThrownBy(() -> stranger.call(url, PoolAssignRequest.ACTION, assignment("s1")))
                    .isInstanceOf(PeerCallException.class);
        }
        assertThat(endpoint.assignment()).isNotDone();
    }

    @Test
    void anAssignmentWithoutIdentityOrWithAPathAsFileNameIsABadRequestNotATake() {
        try (ServiceClient lss = client(CA, "lss.lss-1")) {
            PoolAssignRequest noSession = new PoolAssignRequest(
                    new PoolAssignment(List.of("probe", "--session-service", "probe"), Map.of()), Map.of());
            assertThatThrownBy(() -> lss.call(url, PoolAssignRequest.ACTION, noSession))
                    .isInstanceOfSatisfying(PeerCallException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.reason()).contains("it lacks --session-id");
                    });
            PoolAssignRequest escaping =
                    new PoolAssignRequest(assignment("s1").assignment(), Map.of("../outside.pem", "x"));
            assertThatThrownBy(() -> lss.call(url, PoolAssignRequest.ACTION, escaping))
                    .isInstanceOfSatisfying(
                            PeerCallException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(400));
            assertThat(endpoint.assignment()).isNotDone();
            lss.call(url, PoolAssignRequest.ACTION, assignment("s1"));
        }
        assertThat(endpoint.assignment()).isCompleted();
    }

    @Test
    void missingPoolCertificateFilesStopItWithTheCertificateExitCode() {
        assertThatThrownBy(() -> PoolAssignEndpoint.start(
                        new NetworkAssignment(
                                "127.0.0.1",
                                0,
                                directory.resolve("none.pem"),
                                directory.resolve("none-key.pem"),
                                directory.resolve("none-ca.pem"),
                                "lss.lss-1",
                                directory.resolve("files")),
                        Set.of("probe")))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CERTIFICATE_ERROR));
    }

    @Test
    void theCommonNameIsMatchedExactly() {
        assertThat(PoolAssignEndpoint.commonName("CN=lss.lss-1,OU=Platform")).contains("lss.lss-1");
        assertThat(PoolAssignEndpoint.commonName("CN=model.s1,OU=lss.lss-1")).contains("model.s1");
        assertThat(PoolAssignEndpoint.commonName(null)).isEmpty();
    }
}
