package org.opentwinj.systemtest.it;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;

/** A CA in a directory and certificates issued from it, as `opentwin certs` writes them. */
final class TestCertificates {
    final Path directory;
    final CertificateAuthority ca;

    TestCertificates(Path directory) {
        this.directory = directory;
        this.ca = CertificateAuthority.create(CertificateRequest.of("IT CA", List.of()), Duration.ofDays(2));
        ca.writeTo(directory, false);
    }

    Path caFile() {
        return directory.resolve("ca.pem");
    }

    Path caKeyFile() {
        return directory.resolve("ca-key.pem");
    }

    /** Writes NAME.pem and NAME-key.pem for a peer certificate valid now. */
    void issue(String name, String... hosts) {
        issue(name, Instant.now().minusSeconds(60), Duration.ofHours(2), hosts);
    }

    void issue(String name, Instant notBefore, Duration validity, String... hosts) {
        ca.issue(CertificateRequest.of(name, List.of(hosts)), Usage.PEER, validity, notBefore)
                .writeTo(directory, name, true);
    }

    Path cert(String name) {
        return directory.resolve(name + ".pem");
    }

    Path key(String name) {
        return directory.resolve(name + "-key.pem");
    }

    TlsMaterial material(String name) {
        return TlsMaterial.load(cert(name), key(name), caFile());
    }
}
