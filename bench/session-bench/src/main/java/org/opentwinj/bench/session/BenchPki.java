package org.opentwinj.bench.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.client.TrustOnlyTls;

/**
 * A throw-away CA of the run, made with the project's own PKI code, and the certificates of
 * the platform's processes. The LSS gets the CA key (as {@code --session-ca-key}) and issues
 * its session services' certificates itself; the direct starts get theirs from here, made
 * before the clock starts, with the same names and usage the LSS gives.
 */
final class BenchPki {
    static final String CLIENT = "bench-client";
    private static final List<String> HOSTS = List.of("localhost", "127.0.0.1");

    private final Path dir;
    private final CertificateAuthority ca;

    private BenchPki(Path dir, CertificateAuthority ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** Creates the CA and the certificates of database, AUTH, GSS, LSS and the harness in {@code dir}. */
    static BenchPki create(Path dir) {
        CertificateAuthority ca = CertificateAuthority.create(CertificateRequest.of("Session Bench CA", List.of()), Duration.ofDays(2));
        ca.writeTo(dir, true);
        BenchPki pki = new BenchPki(dir, ca);
        for (String name : List.of("database", "auth", "gss", "lss", CLIENT)) {
            pki.issue(dir, name, name);
        }
        return pki;
    }

    /** Issues {@code <name>.pem} and {@code <name>-key.pem} into {@code into}, for {@code subject} on localhost/127.0.0.1. */
    void issue(Path into, String name, String subject) {
        ca.issue(CertificateRequest.of(subject, HOSTS), Usage.PEER, Duration.ofHours(24)).writeTo(into, name, true);
    }

    Path cert(String name) {
        return dir.resolve(name + ".pem");
    }

    Path key(String name) {
        return dir.resolve(name + "-key.pem");
    }

    Path caFile() {
        return dir.resolve(CertificateAuthority.CERTIFICATE_FILE);
    }

    Path caKeyFile() {
        return dir.resolve(CertificateAuthority.KEY_FILE);
    }

    /** mTLS as the harness (for the database connection that creates the first admin). */
    SSLContext clientTls() {
        return TlsMaterial.load(cert(CLIENT), key(CLIENT), caFile()).clientContext();
    }

    /** One-way TLS trusting the CA: what a thin client has. */
    SSLContext trustOnly() {
        return TrustOnlyTls.trusting(List.of(ca.certificate()));
    }
}
