package org.opentwinj.bench.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.transport.client.TrustOnlyTls;

/**
 * A throw-away CA of one run and the certificates it issues, made with the project's own PKI
 * code (ECDSA P-256, the PKI default) and written as PEM files the way {@code opentwin certs}
 * writes them: {@code ca.pem}/{@code ca-key.pem} and {@code <name>.pem}/{@code <name>-key.pem}.
 * Servers under test and their peers load the very same files, so they do the same TLS work.
 */
public final class BenchPki {
    /** Where everything runs: the names a peer certificate covers. */
    public static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1");

    private final Path dir;
    private final CertificateAuthority ca;
    private final Duration lifetime;

    private BenchPki(Path dir, CertificateAuthority ca, Duration lifetime) {
        this.dir = dir;
        this.ca = ca;
        this.lifetime = lifetime;
    }

    /**
     * Creates the CA and writes it into {@code dir}.
     *
     * @param caName   the CA's subject, e.g. "Transport Bench CA"
     * @param lifetime how long the certificates it issues are valid: longer than any run the
     *                 flags allow; the CA itself lives twice as long
     */
    public static BenchPki create(Path dir, String caName, Duration lifetime) {
        CertificateAuthority ca =
                CertificateAuthority.create(CertificateRequest.of(caName, List.of()), lifetime.multipliedBy(2));
        ca.writeTo(dir, true);
        return new BenchPki(dir, ca, lifetime);
    }

    /** A certificate for {@code subject}, not written anywhere. */
    public IssuedCertificate issue(String subject, Usage usage, List<String> hosts) {
        return ca.issue(CertificateRequest.of(subject, hosts), usage, lifetime);
    }

    /** A peer certificate (server and client usage) for {@code subject} on {@link #LOCAL_HOSTS}, not written anywhere. */
    public IssuedCertificate peer(String subject) {
        return issue(subject, Usage.PEER, LOCAL_HOSTS);
    }

    /** Issues a peer certificate for {@code name} and writes it as {@code <name>.pem}/{@code <name>-key.pem} beside the CA. */
    public IssuedCertificate writePeer(String name) {
        return writePeer(dir, name, name);
    }

    /** Issues a peer certificate for {@code subject} and writes it as {@code <name>.pem}/{@code <name>-key.pem} into {@code into}. */
    public IssuedCertificate writePeer(Path into, String name, String subject) {
        IssuedCertificate issued = peer(subject);
        issued.writeTo(into, name, true);
        return issued;
    }

    /** One-way TLS that trusts this CA and presents no certificate: what a browser or the CLI has. */
    public SSLContext trustOnly() {
        return TrustOnlyTls.trusting(List.of(ca.certificate()));
    }

    public Path caCertificate() {
        return caCertificate(dir);
    }

    /** The CA's key, for a process that issues certificates itself (the LSS's {@code --session-ca-key}). */
    public Path caKey() {
        return dir.resolve(CertificateAuthority.KEY_FILE);
    }

    public Path certificate(String name) {
        return certificate(dir, name);
    }

    public Path key(String name) {
        return key(dir, name);
    }

    /** {@code ca.pem} in a run's PKI directory, for a process that only knows the directory. */
    public static Path caCertificate(Path dir) {
        return dir.resolve(CertificateAuthority.CERTIFICATE_FILE);
    }

    public static Path certificate(Path dir, String name) {
        return dir.resolve(name + ".pem");
    }

    public static Path key(Path dir, String name) {
        return dir.resolve(name + "-key.pem");
    }
}
