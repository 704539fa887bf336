package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.tls.TlsMaterial;

class BenchPkiTest {
    @TempDir
    Path dir;

    @Test
    void writesTheCaAndPeerCertificatesForLocalhostAsPemFiles() throws Exception {
        BenchPki pki = BenchPki.create(dir, "Test Bench CA", Duration.ofHours(12));
        IssuedCertificate relay = pki.writePeer("relay");

        assertThat(pki.caCertificate()).isEqualTo(dir.resolve("ca.pem")).exists();
        assertThat(pki.caKey()).isEqualTo(dir.resolve("ca-key.pem")).exists();
        assertThat(pki.certificate("relay"))
                .isEqualTo(BenchPki.certificate(dir, "relay"))
                .exists();
        assertThat(pki.key("relay")).isEqualTo(BenchPki.key(dir, "relay")).exists();
        X509Certificate leaf = relay.certificate();
        assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=relay");
        assertThat(leaf.getSubjectAlternativeNames().stream()
                        .map(san -> String.valueOf(san.get(1)))
                        .toList())
                .contains("localhost", "127.0.0.1");
        assertThat(leaf.getIssuerX500Principal().getName()).contains("CN=Test Bench CA");
        // Loads as the services load it.
        TlsMaterial loaded = TlsMaterial.load(pki.certificate("relay"), pki.key("relay"), pki.caCertificate());
        assertThat(loaded.leaf()).isEqualTo(leaf);
    }

    @Test
    void certificatesOutliveAnyRunAndTheCaOutlivesThem() throws Exception {
        BenchPki pki = BenchPki.create(dir, "Test Bench CA", Duration.ofHours(24));
        X509Certificate client =
                pki.issue("bench-client", Usage.CLIENT, List.of()).certificate();
        pki.writePeer(dir.resolve("echo-1"), "service", "echo.direct-1");
        TlsMaterial service = TlsMaterial.load(
                BenchPki.certificate(dir.resolve("echo-1"), "service"),
                BenchPki.key(dir.resolve("echo-1"), "service"),
                pki.caCertificate());

        Instant now = Instant.now();
        assertThat(client.getNotAfter().toInstant())
                .isBetween(now.plus(Duration.ofHours(23)), now.plus(Duration.ofHours(25)));
        assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(service.leaf().getSubjectX500Principal().getName()).contains("CN=echo.direct-1");
        assertThat(service.trustAnchors().getFirst().getNotAfter().toInstant()).isAfter(now.plus(Duration.ofHours(47)));
    }
}
