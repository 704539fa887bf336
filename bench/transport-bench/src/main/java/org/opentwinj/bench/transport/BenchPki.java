package org.opentwinj.bench.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;

/**
 * A throw-away CA and the two certificates of a run, made with the project's own PKI code
 * and written as PEM files: the OpenTwin/J server process and nginx load the very same
 * {@code server.pem}/{@code server-key.pem} (ECDSA P-256, the PKI default) and trust the
 * same {@code ca.pem}, so both do the same TLS work per handshake and record.
 */
final class BenchPki {
    static final String SERVER = "server";
    static final String CLIENT = "bench-client";

    private final Path dir;
    private final TlsMaterial client;

    private BenchPki(Path dir, TlsMaterial client) {
        this.dir = dir;
        this.client = client;
    }

    /** Creates the CA, a server certificate for 127.0.0.1 and a client certificate in {@code dir}. */
    static BenchPki create(Path dir) {
        CertificateAuthority ca = CertificateAuthority.create(CertificateRequest.of("Transport Bench CA", List.of()),
                Duration.ofDays(1));
        ca.writeTo(dir, true);
        IssuedCertificate server = ca.issue(CertificateRequest.of(SERVER, List.of("localhost", "127.0.0.1")),
                Usage.PEER, Duration.ofHours(12));
        server.writeTo(dir, SERVER, true);
        IssuedCertificate client = ca.issue(CertificateRequest.of(CLIENT, List.of()), Usage.CLIENT, Duration.ofHours(12));
        client.writeTo(dir, CLIENT, true);
        return new BenchPki(dir, TlsMaterial.of(client));
    }

    /** The load generator's identity: presents {@code bench-client}, trusts the bench CA. */
    TlsMaterial client() {
        return client;
    }

    Path serverCertificate() {
        return serverCertificate(dir);
    }

    Path serverKey() {
        return serverKey(dir);
    }

    Path caCertificate() {
        return caCertificate(dir);
    }

    static Path serverCertificate(Path dir) {
        return dir.resolve(SERVER + ".pem");
    }

    static Path serverKey(Path dir) {
        return dir.resolve(SERVER + "-key.pem");
    }

    static Path caCertificate(Path dir) {
        return dir.resolve(CertificateAuthority.CERTIFICATE_FILE);
    }
}
