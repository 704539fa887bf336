package org.opentwinj.platform.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.pki.PkiInputException;
import org.opentwinj.platform.pki.TestPki;
import org.opentwinj.platform.pki.pem.Keys;
import org.opentwinj.platform.pki.pem.PemFiles;

class IssuedCertificateTest {
    private static final CertificateAuthority CA = TestPki.ca("Test CA");

    @Test
    void writesCfssljsonFilesWithAPrivateKey(@TempDir Path dir) throws Exception {
        IssuedCertificate issued = TestPki.issue(CA, "gss", Usage.PEER, "gss.local");

        List<Path> written = issued.writeTo(dir.resolve("out"), "gss");

        assertThat(written)
                .containsExactly(dir.resolve("out/gss.pem"), dir.resolve("out/gss-key.pem"), dir.resolve("out/ca.pem"));
        assertThat(Files.readString(dir.resolve("out/gss-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/gss-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/gss.pem"))))
                .isEqualTo("rw-r--r--");
        assertThat(PemFiles.readCertificates(dir.resolve("out/gss.pem"))).containsExactly(issued.certificate());
        assertThat(PemFiles.readCertificates(dir.resolve("out/ca.pem"))).containsExactly(CA.certificate());
        assertThat(Keys.matches(
                        PemFiles.readPrivateKey(dir.resolve("out/gss-key.pem")),
                        issued.certificate().getPublicKey()))
                .isTrue();
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files).hasSize(3);
        }
    }

    @Test
    void refusesToOverwriteWithoutForceAndWritesNothingThen(@TempDir Path dir) throws Exception {
        TestPki.issue(CA, "gss", Usage.PEER).writeTo(dir, "gss");
        String before = Files.readString(dir.resolve("gss-key.pem"));
        IssuedCertificate second = TestPki.issue(CA, "gss", Usage.PEER);

        assertThatThrownBy(() -> second.writeTo(dir, "gss"))
                .isInstanceOf(PkiInputException.class)
                .hasMessage(dir.resolve("gss.pem") + " already exists: use --force to overwrite it");
        assertThat(Files.readString(dir.resolve("gss-key.pem"))).isEqualTo(before);

        assertThat(second.writeTo(dir, "gss", true)).hasSize(3);
        assertThat(PemFiles.readCertificates(dir.resolve("gss.pem"))).containsExactly(second.certificate());
    }

    @Test
    void anIdenticalCaBundleNeedsNoForce(@TempDir Path dir) {
        CA.writeTo(dir, false);

        List<Path> written = TestPki.issue(CA, "lss", Usage.PEER).writeTo(dir, "lss");

        assertThat(written).containsExactly(dir.resolve("lss.pem"), dir.resolve("lss-key.pem"));
        assertThatThrownBy(() ->
                        TestPki.issue(TestPki.ca("Other"), "x", Usage.PEER).writeTo(dir, "x"))
                .hasMessage(dir.resolve("ca.pem") + " already exists: use --force to overwrite it");
        assertThat(dir.resolve("x.pem")).doesNotExist();
    }

    @Test
    void refusesNamesThatAreNoFileNamesOrHitTheCaFiles(@TempDir Path dir) {
        IssuedCertificate issued = TestPki.issue(CA, "gss", Usage.PEER);

        assertThatThrownBy(() -> issued.writeTo(dir, "OpenTwin/J CA"))
                .hasMessage("name 'OpenTwin/J CA' is not a usable file name: use letters, digits, '.', '-' and '_',"
                        + " e.g. --name gss");
        assertThatThrownBy(() -> issued.writeTo(dir, "../up")).isInstanceOf(PkiInputException.class);
        assertThatThrownBy(() -> issued.writeTo(dir, "ca-key"))
                .hasMessage("name 'ca-key' would overwrite the CA's files: choose another name");
    }
}
