package org.opentwinj.bench.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.client.TrustOnlyTls;

/**
 * A throw-away CA and the certificates of a run, made with the project's own PKI code (ECDSA
 * P-256, the PKI default). The relay and configurable-http-proxy present the very same
 * {@code relay.pem}/{@code relay-key.pem} to clients, so both do the same TLS work towards
 * them; the echo service has {@code echo.pem}; the fake GSS and AUTH have their own. Every
 * peer trusts {@code ca.pem}, configurable-http-proxy included (towards the echo service).
 */
final class BenchPki {
    /** The relay's certificate subject, hence the caller the echo service sees: {@code CN=relay}. */
    static final String RELAY = "relay";
    static final String ECHO = "echo";
    private static final List<String> HOSTS = List.of("localhost", "127.0.0.1");

    private final Path dir;
    private final CertificateAuthority ca;

    private BenchPki(Path dir, CertificateAuthority ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** Creates the CA and writes it, the relay's and the echo service's certificates into {@code dir}. */
    static BenchPki create(Path dir) {
        CertificateAuthority ca = CertificateAuthority.create(CertificateRequest.of("Relay Bench CA", List.of()), Duration.ofDays(1));
        ca.writeTo(dir, true);
        BenchPki pki = new BenchPki(dir, ca);
        pki.issue(RELAY).writeTo(dir, RELAY, true);
        pki.issue(ECHO).writeTo(dir, ECHO, true);
        return pki;
    }

    /** A certificate for a peer (server and client usage) on 127.0.0.1. */
    IssuedCertificate issue(String name) {
        return ca.issue(CertificateRequest.of(name, HOSTS), Usage.PEER, Duration.ofHours(12));
    }

    /** For the in-process fake GSS and AUTH. */
    TlsMaterial peer(String name) {
        return TlsMaterial.of(issue(name));
    }

    /**
     * What the load generator uses on every path: it trusts the CA and presents no client
     * certificate, as a browser or the CLI does.
     */
    SSLContext thinClient() {
        return TrustOnlyTls.trusting(List.of(ca.certificate()));
    }

    Path caCertificate() {
        return dir.resolve(CertificateAuthority.CERTIFICATE_FILE);
    }

    Path certificate(String name) {
        return dir.resolve(name + ".pem");
    }

    Path key(String name) {
        return dir.resolve(name + "-key.pem");
    }
}
