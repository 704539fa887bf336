package org.opentwinj.cli.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;

/**
 * The local level's PKI: a CA made on first run and kept in the data directory, and fresh
 * certificates for each service and for the command-line client at every start, so none
 * ever expires under a running platform. The CA key stays with {@code opentwin up}; the
 * services get only their own keys.
 */
final class LocalCertificates {
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVICE_VALIDITY = Duration.ofDays(30);
    static final String CLIENT = "cli";

    private final Path directory;

    LocalCertificates(Path directory) {
        this.directory = directory;
    }

    /** @return whether a new CA was created */
    boolean ensureCa() {
        if (Files.exists(directory.resolve("ca.pem")) && Files.exists(directory.resolve("ca-key.pem"))) {
            return false;
        }
        CertificateAuthority.create(CertificateRequest.of("OpenTwin/J local CA", List.of()), CA_VALIDITY)
                .writeTo(directory, false);
        return true;
    }

    /** Issues (or renews) the certificate of a service for the names it is reached by. */
    void issue(String name, List<String> hosts) {
        CertificateAuthority ca =
                CertificateAuthority.load(directory.resolve("ca.pem"), directory.resolve("ca-key.pem"));
        ca.issue(CertificateRequest.of(name, hosts), Usage.PEER, SERVICE_VALIDITY)
                .writeTo(directory, name, true);
    }

    Path cert(String name) {
        return directory.resolve(name + ".pem");
    }

    Path key(String name) {
        return directory.resolve(name + "-key.pem");
    }

    Path ca() {
        return directory.resolve("ca.pem");
    }

    /** The CA's key: only the LSS gets it, to issue its session services' certificates. */
    Path caKey() {
        return directory.resolve("ca-key.pem");
    }

    /** The client identity of the command line (for status, down and admin calls). */
    TlsMaterial client() {
        return TlsMaterial.load(cert(CLIENT), key(CLIENT), ca());
    }
}
