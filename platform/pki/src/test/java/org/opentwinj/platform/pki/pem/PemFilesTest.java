package org.opentwinj.platform.pki.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.TestPki;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.KeyPairs;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.KeySpec;

class PemFilesTest {
    private static final CertificateAuthority CA = TestPki.ca("Test CA");

    @Test
    void certificatesRoundTripOneOrManyPerFile() {
        IssuedCertificate issued = TestPki.issue(CA, "a", Usage.PEER);
        String bundle = PemFiles.toPem(List.of(issued.certificate(), CA.certificate()));

        assertThat(bundle).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(bundle.lines().filter(line -> !line.startsWith("-----")).allMatch(line -> line.length() <= 64))
                .isTrue();
        assertThat(PemFiles.parseCertificates(bundle, "bundle"))
                .containsExactly(issued.certificate(), CA.certificate());
    }

    @Test
    void otherBlocksBesideCertificatesAreSkipped() {
        IssuedCertificate issued = TestPki.issue(CA, "a", Usage.PEER);
        String combined = PemFiles.toPem(issued.privateKey()) + PemFiles.toPem(List.of(issued.certificate()));

        assertThat(PemFiles.parseCertificates(combined, "combined")).containsExactly(issued.certificate());
        assertThat(PemFiles.parsePrivateKey(combined, "combined")).isEqualTo(issued.privateKey());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ECDSA, 256", "ECDSA, 384"})
    void readsSec1EcKeys(KeySpec.Algorithm algorithm, int size) throws Exception {
        KeyPair keys = KeyPairs.generate(new KeySpec(algorithm, size));
        // SEC1 as openssl writes it: the curve named inside the ECPrivateKey structure.
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        ECPrivateKey sec1 = new ECPrivateKey(
                size,
                ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS(),
                info.getPrivateKeyAlgorithm().getParameters());
        String pem = pem("EC PRIVATE KEY", sec1.getEncoded());

        PrivateKey key = PemFiles.parsePrivateKey(pem, "key.pem");

        assertThat(Keys.matches(key, keys.getPublic())).isTrue();
        assertThat(key.getFormat()).isEqualTo("PKCS#8");
    }

    @Test
    void readsPkcs1RsaKeys() throws Exception {
        KeyPair keys = KeyPairs.generate(new KeySpec(KeySpec.Algorithm.RSA, 2048));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(keys.getPrivate());
        }
        assertThat(pem.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThat(Keys.matches(PemFiles.parsePrivateKey(pem.toString(), "key.pem"), keys.getPublic()))
                .isTrue();
    }

    @Test
    void pkcs8KeysRoundTrip() {
        KeyPair keys = KeyPairs.generate(KeySpec.DEFAULT);
        String pem = PemFiles.toPem(keys.getPrivate());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Keys.matches(PemFiles.parsePrivateKey(pem, "k"), keys.getPublic()))
                .isTrue();
        assertThat(Keys.matches(
                        PemFiles.parsePrivateKey(pem, "k"),
                        KeyPairs.generate(KeySpec.DEFAULT).getPublic()))
                .isFalse();
    }

    @Test
    void refusesWhatIsNotUsable(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("text.pem"), "hello\n");
        Path binary = Files.write(dir.resolve("cert.der"), CA.certificate().getEncoded());
        Path broken = Files.writeString(
                dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n");
        Path twoKeys = Files.writeString(
                dir.resolve("two.pem"),
                PemFiles.toPem(KeyPairs.generate(KeySpec.DEFAULT).getPrivate())
                        + PemFiles.toPem(KeyPairs.generate(KeySpec.DEFAULT).getPrivate()));
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), """
                -----BEGIN EC PRIVATE KEY-----
                Proc-Type: 4,ENCRYPTED
                DEK-Info: AES-128-CBC,9F2B8AF0B4E1C84AD4E2D8A42B1F4C11

                AAAA
                -----END EC PRIVATE KEY-----
                """);

        assertFailure(
                () -> PemFiles.readCertificates(dir.resolve("none.pem")), dir.resolve("none.pem") + " does not exist");
        assertFailure(() -> PemFiles.readCertificates(text), text + " is not PEM: no -----BEGIN ...----- line found");
        assertFailure(
                () -> PemFiles.readCertificates(binary),
                binary + " is not PEM: it holds binary data (convert DER with 'openssl x509 -inform der')");
        assertThatThrownBy(() -> PemFiles.readCertificates(broken))
                .isInstanceOf(ExitException.class)
                .hasMessageStartingWith(broken + " ");
        assertFailure(
                () -> PemFiles.readPrivateKey(twoKeys),
                twoKeys + " holds more than one private key: keep one key per file");
        assertFailure(
                () -> PemFiles.readPrivateKey(encrypted),
                encrypted
                        + " holds an encrypted private key: decrypt it first, e.g. 'openssl pkey -in " + encrypted
                        + " -out plain-key.pem'");
        assertFailure(
                () -> PemFiles.parsePrivateKey(PemFiles.toPem(List.of(CA.certificate())), "ca.pem"),
                "ca.pem holds no private key: expected a -----BEGIN PRIVATE KEY----- block");
    }

    private static String pem(String type, byte[] der) throws Exception {
        StringWriter pem = new StringWriter();
        try (PemWriter writer = new PemWriter(pem)) {
            writer.writeObject(new PemObject(type, der));
        }
        return pem.toString();
    }

    private static void assertFailure(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CERTIFICATE_ERROR))
                .hasMessage(message);
    }
}
