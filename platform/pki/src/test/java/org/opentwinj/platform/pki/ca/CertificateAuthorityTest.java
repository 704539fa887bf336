package org.opentwinj.platform.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.PkiInputException;
import org.opentwinj.platform.pki.TestPki;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.csr.KeySpec;
import org.opentwinj.platform.pki.tls.PeerCertificates;

class CertificateAuthorityTest {
    private static final CertificateAuthority CA = TestPki.ca("Test CA");

    @Test
    void caCertificateIsMarkedAsCa() throws Exception {
        CertificateRequest request = CertificateRequest.parse("""
                {"CN": "OpenTwin/J CA", "names": [{"C": "DE", "O": "OpenTwin", "OU": "Platform"}]}""");
        X509Certificate ca =
                CertificateAuthority.create(request, Duration.ofDays(365)).certificate();

        assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(ca.getExtensionValue("2.5.29.14")).isNotNull();
        assertThat(PeerCertificates.subjectOf(ca)).isEqualTo("CN=OpenTwin/J CA,OU=Platform,O=OpenTwin,C=DE");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void issuedCertificateCarriesHostsAsDnsAndIpSans() throws Exception {
        IssuedCertificate issued = TestPki.issue(CA, "gss", Usage.PEER, "gss.local", "*.gss.svc", "127.0.0.1", "::1");
        X509Certificate certificate = issued.certificate();

        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "gss.local"),
                        List.of(2, "*.gss.svc"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(PeerCertificates.subjectAlternativeNames(certificate))
                .containsExactly("gss.local", "*.gss.svc", "127.0.0.1", "::1");
        certificate.verify(CA.certificate().getPublicKey());
        assertThat(certificate.getIssuerX500Principal())
                .isEqualTo(CA.certificate().getSubjectX500Principal());
    }

    @ParameterizedTest
    @EnumSource(Usage.class)
    void extendedKeyUsageFollowsUsage(Usage usage) throws Exception {
        X509Certificate certificate =
                TestPki.issue(CA, "svc", usage, "svc.local").certificate();

        assertThat(certificate.getExtendedKeyUsage()).containsExactlyElementsOf(usage.extendedKeyUsages());
        for (Usage other : Usage.values()) {
            assertThat(PeerCertificates.hasUsage(certificate, other))
                    .isEqualTo(usage.extendedKeyUsages().containsAll(other.extendedKeyUsages()));
        }
    }

    @Test
    void leafProfileMatchesCfssl() {
        X509Certificate certificate =
                TestPki.issue(CA, "svc", Usage.SERVER, "svc.local").certificate();

        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(certificate.getKeyUsage()).startsWith(true, false, false);
        assertThat(certificate.getExtensionValue("2.5.29.14")).isNotNull();
        assertThat(certificate.getExtensionValue("2.5.29.35")).isNotNull();
        BigInteger serial = certificate.getSerialNumber();
        assertThat(serial.signum()).isPositive();
        assertThat(serial.bitLength()).isLessThanOrEqualTo(159);
        assertThat(TestPki.issue(CA, "svc", Usage.SERVER).certificate().getSerialNumber())
                .isNotEqualTo(serial);
    }

    @Test
    void issuesEcdsaP256AndRsa2048Keys() {
        IssuedCertificate ec = TestPki.issue(CA, "ec", Usage.PEER);
        IssuedCertificate rsa = CA.issue(
                CertificateRequest.of("rsa", List.of()).withKey(new KeySpec(KeySpec.Algorithm.RSA, 2048)),
                Usage.PEER,
                TestPki.DAY);

        assertThat(((ECPublicKey) ec.certificate().getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(ec.certificate().getKeyUsage()).startsWith(true, false, false);
        assertThat(((RSAPublicKey) rsa.certificate().getPublicKey())
                        .getModulus()
                        .bitLength())
                .isEqualTo(2048);
        assertThat(rsa.certificate().getKeyUsage()).startsWith(true, false, true);
        assertThat(rsa.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void rsaAndP384CasSignWithMatchingAlgorithms() {
        CertificateAuthority rsaCa = CertificateAuthority.create(
                CertificateRequest.of("RSA CA", List.of()).withKey(new KeySpec(KeySpec.Algorithm.RSA, 2048)),
                Duration.ofDays(2));
        CertificateAuthority p384Ca = CertificateAuthority.create(
                CertificateRequest.of("P-384 CA", List.of()).withKey(new KeySpec(KeySpec.Algorithm.ECDSA, 384)),
                Duration.ofDays(2));

        assertThat(TestPki.issue(rsaCa, "a", Usage.PEER).certificate().getSigAlgName())
                .isEqualTo("SHA256withRSA");
        assertThat(TestPki.issue(p384Ca, "a", Usage.PEER).certificate().getSigAlgName())
                .isEqualTo("SHA384withECDSA");
    }

    @Test
    void refusesValidityBeyondTheCa() {
        CertificateRequest request = CertificateRequest.of("svc", List.of());

        assertThatThrownBy(() -> CA.issue(request, Usage.PEER, Duration.ofDays(11)))
                .isInstanceOf(PkiInputException.class)
                .hasMessageStartingWith("validity 264h would end on ")
                .hasMessageContaining(", after the CA expires on "
                        + CA.certificate().getNotAfter().toInstant())
                .hasMessageEndingWith(": shorten the validity or renew the CA");
        assertThat(CA.issue(request, Usage.PEER, Duration.ofDays(9))
                        .certificate()
                        .getNotAfter())
                .isBeforeOrEqualTo(CA.certificate().getNotAfter());
    }

    @Test
    void explicitStartTimeIsKept() {
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        CertificateAuthority old =
                CertificateAuthority.create(CertificateRequest.of("old", List.of()), Duration.ofDays(36_000), start);

        X509Certificate certificate = old.issue(CertificateRequest.of("a", List.of()), Usage.PEER, TestPki.DAY, start)
                .certificate();

        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(start);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(start.plus(TestPki.DAY));
    }

    @Test
    void loadsWhatItWrote(@TempDir Path dir) {
        List<Path> written = CA.writeTo(dir, false);

        assertThat(written).containsExactly(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
        CertificateAuthority loaded = CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca-key.pem"));
        assertThat(loaded.certificate()).isEqualTo(CA.certificate());
        assertThat(TestPki.issue(loaded, "a", Usage.PEER).certificate().getIssuerX500Principal())
                .isEqualTo(CA.certificate().getSubjectX500Principal());
    }

    @Test
    void loadRefusesMissingFilesNonCasForeignKeysAndExpiredCas(@TempDir Path dir) throws Exception {
        CA.writeTo(dir, false);
        Path caPem = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        TestPki.issue(CA, "leaf", Usage.PEER).writeTo(dir, "leaf");
        Path otherDir = Files.createDirectory(dir.resolve("other"));
        TestPki.ca("Other CA").writeTo(otherDir, false);
        CertificateAuthority expired = CertificateAuthority.create(
                CertificateRequest.of("Old CA", List.of()),
                TestPki.DAY,
                Instant.now().minus(Duration.ofDays(3)));
        Path expiredDir = Files.createDirectory(dir.resolve("expired"));
        expired.writeTo(expiredDir, false);

        assertCertificateError(
                () -> CertificateAuthority.load(dir.resolve("nope.pem"), caKey),
                dir.resolve("nope.pem") + " does not exist");
        assertCertificateError(
                () -> CertificateAuthority.load(dir.resolve("leaf.pem"), dir.resolve("leaf-key.pem")),
                dir.resolve("leaf.pem") + " is not a CA certificate (basicConstraints CA:false): CN=leaf");
        assertCertificateError(
                () -> CertificateAuthority.load(caPem, otherDir.resolve("ca-key.pem")),
                otherDir.resolve("ca-key.pem") + " does not match the CA certificate " + caPem
                        + " (EC P-256 key, certificate has EC P-256)");
        assertCertificateError(
                () -> CertificateAuthority.load(caKey, caKey),
                caKey + " holds no certificate: expected a -----BEGIN CERTIFICATE----- block");
        assertCertificateError(
                () -> CertificateAuthority.load(expiredDir.resolve("ca.pem"), expiredDir.resolve("ca-key.pem")),
                "CA certificate " + expiredDir.resolve("ca.pem") + " expired on "
                        + expired.certificate().getNotAfter().toInstant()
                        + ": create a new CA with 'opentwin certs init-ca'");
    }

    private static void assertCertificateError(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CERTIFICATE_ERROR))
                .hasMessage(message);
    }
}
