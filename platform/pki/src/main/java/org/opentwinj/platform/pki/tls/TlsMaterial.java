package org.opentwinj.platform.pki.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.pem.PemFiles;

/**
 * What a service needs for TLS: its private key, its certificate chain (leaf first) and
 * the CA certificates it trusts. Its contexts speak TLS 1.3 and 1.2 only, offer this one
 * chain, and refuse peers that do not chain to the trust anchors, are expired or not yet
 * valid, or lack the extended key usage for their role; client contexts also check that
 * the server's SANs cover the dialled host.
 *
 * @param key the private key of the leaf certificate
 * @param chain the certificate chain, leaf first, at least one certificate
 * @param trustAnchors the CA certificates peers must chain to, at least one
 */
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trustAnchors) {

    public TlsMaterial {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        trustAnchors = List.copyOf(trustAnchors);
        if (chain.isEmpty() || trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("chain and trust anchors need at least one certificate each");
        }
    }

    /**
     * Loads and checks the PEM files a service is started with.
     *
     * @param certificate the certificate file, leaf first, intermediates after it
     * @param key the private key file (PKCS#8, SEC1 or PKCS#1)
     * @param ca the CA certificate(s) to trust
     * @throws ExitException with {@link ExitCode#CERTIFICATE_ERROR} and a one-line reason
     *     naming the file: missing, unreadable, not PEM, key does not match the certificate,
     *     certificate expired (with the date) or not yet valid, or does not chain to the CA
     */
    public static TlsMaterial load(Path certificate, Path key, Path ca) {
        List<X509Certificate> chain = PemFiles.readCertificates(certificate);
        PrivateKey privateKey = PemFiles.readPrivateKey(key);
        List<X509Certificate> anchors = PemFiles.readCertificates(ca);
        MaterialChecks.check(privateKey, chain, anchors, certificate, key, ca);
        return new TlsMaterial(privateKey, chain, anchors);
    }

    /** The material of a certificate just issued: its key, the certificate, and its CA. */
    public static TlsMaterial of(IssuedCertificate issued) {
        return new TlsMaterial(issued.privateKey(), List.of(issued.certificate()), List.of(issued.caCertificate()));
    }

    /** The leaf certificate: the first of the chain. */
    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /**
     * A new server context. Whether clients must present a certificate is the server's
     * choice per socket or engine ({@code setNeedClientAuth}/{@code setWantClientAuth});
     * a certificate a client does present is always checked.
     */
    public SSLContext serverContext() {
        return TlsContexts.create(this, new TlsPolicy(false));
    }

    /**
     * A new client context. Its sockets and engines have endpoint identification
     * {@code HTTPS} on, so a server must have a SAN for the host or IP address the client
     * dialled; a caller that sets its own {@code SSLParameters} must keep it.
     */
    public SSLContext clientContext() {
        return TlsContexts.create(this, new TlsPolicy(true));
    }
}
