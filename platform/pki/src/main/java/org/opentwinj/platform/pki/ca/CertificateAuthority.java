package org.opentwinj.platform.pki.ca;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.PkiInputException;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.csr.Durations;
import org.opentwinj.platform.pki.pem.Keys;
import org.opentwinj.platform.pki.pem.OutputFiles;
import org.opentwinj.platform.pki.pem.OutputFiles.OutputFile;
import org.opentwinj.platform.pki.pem.PemFiles;

/**
 * A certificate authority: a self-signed CA certificate and its private key, which issues
 * server, client and peer certificates. Instances are always usable: the certificate is a
 * CA, the key belongs to it, and it is valid now.
 *
 * <p>Start times are set five minutes in the past, as cfssl does, so that a peer whose
 * clock is a little behind does not refuse a certificate issued a moment ago.
 */
public final class CertificateAuthority {
    /** How far start times are set back to absorb clock skew between machines. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);
    /** The file the CA certificate is written to, cfssl's name. */
    public static final String CERTIFICATE_FILE = "ca.pem";
    /** The file the CA key is written to, cfssl's name. */
    public static final String KEY_FILE = "ca-key.pem";

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * Creates a new CA with a fresh key of the request's key spec, valid from now (less
     * {@link #BACKDATE}) for {@code validity}. The request's hosts are ignored: a CA
     * certificate names no hosts.
     */
    public static CertificateAuthority create(CertificateRequest request, Duration validity) {
        return create(request, validity, Instant.now().minus(BACKDATE));
    }

    /**
     * Creates a new CA valid from {@code notBefore} for {@code validity}; tests use it to
     * make expired or not yet valid CAs.
     */
    public static CertificateAuthority create(CertificateRequest request, Duration validity, Instant notBefore) {
        requirePositive(validity);
        KeyPair keys = KeyPairs.generate(request.key());
        Instant start = notBefore.truncatedTo(ChronoUnit.SECONDS);
        X509Certificate certificate = CertificateSigner.selfSignedCa(
                CertificateSigner.subjectOf(request), keys.getPublic(), keys.getPrivate(), start, start.plus(validity));
        return new CertificateAuthority(certificate, keys.getPrivate());
    }

    /**
     * Loads a CA from its PEM files (the first certificate of {@code caCertPem} is the CA).
     *
     * @throws ExitException with {@link ExitCode#CERTIFICATE_ERROR} and a one-line reason
     *     naming the file: missing, unreadable, not PEM, not a CA, key does not match,
     *     expired or not yet valid
     */
    public static CertificateAuthority load(Path caCertPem, Path caKeyPem) {
        X509Certificate certificate = PemFiles.readCertificates(caCertPem).getFirst();
        PrivateKey key = PemFiles.readPrivateKey(caKeyPem);
        return of(certificate, key, caCertPem.toString(), caKeyPem.toString());
    }

    /**
     * A CA from a certificate and key already in memory, checked like {@link #load}.
     *
     * @param certificateSource names the certificate in error messages
     * @param keySource names the key in error messages
     */
    public static CertificateAuthority of(
            X509Certificate certificate, PrivateKey key, String certificateSource, String keySource) {
        if (certificate.getBasicConstraints() < 0) {
            throw certificateError(certificateSource + " is not a CA certificate (basicConstraints CA:false): "
                    + certificate.getSubjectX500Principal().getName());
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[5]) {
            throw certificateError(certificateSource + " is a CA certificate that may not sign certificates"
                    + " (keyUsage lacks keyCertSign)");
        }
        if (!Keys.matches(key, certificate.getPublicKey())) {
            throw certificateError(keySource + " does not match the CA certificate " + certificateSource + " ("
                    + Keys.describe(key) + " key, certificate has " + Keys.describe(certificate.getPublicKey()) + ")");
        }
        Instant now = Instant.now();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw certificateError("CA certificate " + certificateSource + " expired on "
                    + certificate.getNotAfter().toInstant() + ": create a new CA with 'opentwin certs init-ca'");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw certificateError("CA certificate " + certificateSource + " is not valid before "
                    + certificate.getNotBefore().toInstant() + ": check the clock");
        }
        return new CertificateAuthority(certificate, key);
    }

    /** Issues a certificate valid from now (less {@link #BACKDATE}) for {@code validity}. */
    public IssuedCertificate issue(CertificateRequest request, Usage usage, Duration validity) {
        return issue(request, usage, validity, Instant.now().minus(BACKDATE));
    }

    /**
     * Issues a certificate valid from {@code notBefore} for {@code validity}, with a fresh
     * key of the request's key spec, the request's hosts as SANs and the usage's extended
     * key usages.
     *
     * @throws PkiInputException if the certificate would outlive the CA: a certificate
     *     that claims to be valid longer than its issuer only fails later and less clearly
     */
    public IssuedCertificate issue(CertificateRequest request, Usage usage, Duration validity, Instant notBefore) {
        Objects.requireNonNull(usage, "usage");
        requirePositive(validity);
        Instant start = notBefore.truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(validity);
        Instant caEnd = certificate.getNotAfter().toInstant();
        if (end.isAfter(caEnd)) {
            throw new PkiInputException("validity " + Durations.format(validity) + " would end on " + end
                    + ", after the CA expires on " + caEnd + ": shorten the validity or renew the CA");
        }
        KeyPair keys = KeyPairs.generate(request.key());
        X500Name subject = CertificateSigner.subjectOf(request);
        X509Certificate issued = CertificateSigner.leaf(
                certificate, privateKey, subject, keys.getPublic(), request.hosts(), usage, start, end);
        return new IssuedCertificate(issued, keys.getPrivate(), certificate);
    }

    /**
     * Writes {@code ca.pem} and {@code ca-key.pem} (mode 0600) into {@code directory}.
     *
     * @param force overwrite existing files; without it an existing, different file is refused
     * @return the files written
     * @throws PkiInputException if a file exists and {@code force} is false, or cannot be written
     */
    public List<Path> writeTo(Path directory, boolean force) {
        return OutputFiles.write(
                List.of(
                        new OutputFile(
                                directory.resolve(CERTIFICATE_FILE), PemFiles.toPem(List.of(certificate)), false),
                        new OutputFile(directory.resolve(KEY_FILE), PemFiles.toPem(privateKey), true)),
                force);
    }

    /** The CA certificate, to hand to peers as their trust anchor. */
    public X509Certificate certificate() {
        return certificate;
    }

    private static void requirePositive(Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new PkiInputException("validity must be longer than zero, not " + validity);
        }
    }

    private static ExitException certificateError(String reason) {
        return new ExitException(ExitCode.CERTIFICATE_ERROR, reason);
    }
}
