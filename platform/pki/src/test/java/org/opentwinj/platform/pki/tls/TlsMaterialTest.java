package org.opentwinj.platform.pki.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.TestPki;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.pem.PemFiles;

class TlsMaterialTest {
    private static final CertificateAuthority CA = TestPki.ca("Test CA");

    @Test
    void loadsWhatTheCaWrote(@TempDir Path dir) throws Exception {
        IssuedCertificate issued = TestPki.issue(CA, "gss", Usage.PEER, "gss.local");
        issued.writeTo(dir, "gss");

        TlsMaterial material =
                TlsMaterial.load(dir.resolve("gss.pem"), dir.resolve("gss-key.pem"), dir.resolve("ca.pem"));

        assertThat(material.leaf()).isEqualTo(issued.certificate());
        assertThat(material.trustAnchors()).containsExactly(CA.certificate());
        assertThat(Handshake.run(material.serverContext(), material.clientContext(), "gss.local")
                        .succeeded())
                .isTrue();
    }

    @Test
    void aChainFileEndingWithTheCaLoadsToo(@TempDir Path dir) throws Exception {
        IssuedCertificate issued = TestPki.issue(CA, "gss", Usage.PEER, "gss.local");
        issued.writeTo(dir, "gss");
        Path bundle = Files.writeString(
                dir.resolve("bundle.pem"), PemFiles.toPem(List.of(issued.certificate(), CA.certificate())));

        assertThat(TlsMaterial.load(bundle, dir.resolve("gss-key.pem"), dir.resolve("ca.pem"))
                        .chain())
                .hasSize(2);
    }

    @Test
    void refusesBrokenMaterialWithAReasonNamingTheFile(@TempDir Path dir) throws Exception {
        TestPki.issue(CA, "gss", Usage.PEER).writeTo(dir, "gss");
        Path cert = dir.resolve("gss.pem");
        Path key = dir.resolve("gss-key.pem");
        Path ca = dir.resolve("ca.pem");
        Path other = Files.createDirectory(dir.resolve("other"));
        TestPki.issue(TestPki.ca("Other CA"), "gss", Usage.PEER).writeTo(other, "gss");
        IssuedCertificate expired = TestPki.expired(CA, "old", Usage.PEER);
        expired.writeTo(dir, "old");
        IssuedCertificate early = TestPki.notYetValid(CA, "early", Usage.PEER);
        early.writeTo(dir, "early");
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "just text\n");

        assertCertificateError(
                () -> TlsMaterial.load(dir.resolve("missing.pem"), key, ca),
                dir.resolve("missing.pem") + " does not exist");
        assertCertificateError(
                () -> TlsMaterial.load(cert, key, notPem), notPem + " is not PEM: no -----BEGIN ...----- line found");
        assertCertificateError(
                () -> TlsMaterial.load(cert, other.resolve("gss-key.pem"), ca),
                other.resolve("gss-key.pem") + " does not match the certificate in " + cert
                        + " (EC P-256 key, certificate has EC P-256)");
        assertCertificateError(
                () -> TlsMaterial.load(dir.resolve("old.pem"), dir.resolve("old-key.pem"), ca),
                "certificate " + dir.resolve("old.pem") + " expired on "
                        + expired.certificate().getNotAfter().toInstant());
        assertCertificateError(
                () -> TlsMaterial.load(dir.resolve("early.pem"), dir.resolve("early-key.pem"), ca),
                "certificate " + dir.resolve("early.pem") + " is not valid before "
                        + early.certificate().getNotBefore().toInstant());
        assertThatThrownBy(() -> TlsMaterial.load(other.resolve("gss.pem"), other.resolve("gss-key.pem"), ca))
                .isInstanceOf(ExitException.class)
                .hasMessageStartingWith(
                        "certificate " + other.resolve("gss.pem") + " does not chain to the CA in " + ca + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unreadableFilesAreNamed(@TempDir Path dir) throws Exception {
        TestPki.issue(CA, "gss", Usage.PEER).writeTo(dir, "gss");
        Path key = dir.resolve("gss-key.pem");
        key.toFile().setReadable(false, false);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    Files.isReadable(key), "running as root: every file is readable");
            assertCertificateError(
                    () -> TlsMaterial.load(dir.resolve("gss.pem"), key, dir.resolve("ca.pem")),
                    key + " cannot be read: permission denied");
        } finally {
            key.toFile().setReadable(true, true);
        }
    }

    @Test
    void contextsSpeakOnlyTls13And12AndClientsCheckHostNames() throws Exception {
        TlsMaterial material = TlsMaterial.of(TestPki.issue(CA, "gss", Usage.PEER, "gss.local"));

        try (SSLServerSocket server = (SSLServerSocket)
                material.serverContext().getServerSocketFactory().createServerSocket(0)) {
            assertThat(server.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        }
        try (SSLSocket client =
                (SSLSocket) material.clientContext().getSocketFactory().createSocket()) {
            assertThat(client.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(client.getSSLParameters().getEndpointIdentificationAlgorithm())
                    .isEqualTo("HTTPS");
        }
        SSLEngine engine = material.clientContext().createSSLEngine("gss.local", 443);
        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm())
                .isEqualTo("HTTPS");
        assertThat(material.clientContext().getDefaultSSLParameters().getProtocols())
                .containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(material.serverContext().createSSLEngine().getSSLParameters().getEndpointIdentificationAlgorithm())
                .isNull();
        assertThatThrownBy(() -> material.serverContext().init(null, null, null))
                .hasMessageContaining("already initialised");
    }

    private static void assertCertificateError(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CERTIFICATE_ERROR))
                .hasMessage(message);
    }
}
