package org.opentwinj.platform.pki.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.pem.Keys;

/**
 * The checks a service makes on its own TLS files at start, so that a wrong file stops it
 * with a clear reason instead of failing later, handshake by handshake, on the peer's side.
 */
final class MaterialChecks {
    private MaterialChecks() {}

    static void check(
            PrivateKey key,
            List<X509Certificate> chain,
            List<X509Certificate> anchors,
            Path certificateFile,
            Path keyFile,
            Path caFile) {
        X509Certificate leaf = chain.getFirst();
        if (!Keys.matches(key, leaf.getPublicKey())) {
            throw failure(keyFile + " does not match the certificate in " + certificateFile + " (" + Keys.describe(key)
                    + " key, certificate has " + Keys.describe(leaf.getPublicKey()) + ")");
        }
        Instant now = Instant.now();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw failure("certificate " + certificateFile + " expired on "
                    + leaf.getNotAfter().toInstant());
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw failure("certificate " + certificateFile + " is not valid before "
                    + leaf.getNotBefore().toInstant());
        }
        try {
            validatePath(chain, anchors, now);
        } catch (GeneralSecurityException e) {
            throw new ExitException(
                    ExitCode.CERTIFICATE_ERROR,
                    "certificate " + certificateFile + " does not chain to the CA in " + caFile + ": "
                            + oneLine(e.getMessage()),
                    e);
        }
    }

    /** PKIX validation without revocation checks: our CA publishes no CRL or OCSP. */
    private static void validatePath(List<X509Certificate> chain, List<X509Certificate> anchors, Instant now)
            throws GeneralSecurityException {
        // A chain file may end with the CA itself; PKIX wants the path without its anchor.
        List<X509Certificate> path = chain.stream()
                .filter(certificate -> !anchors.contains(certificate))
                .toList();
        if (path.isEmpty()) {
            return;
        }
        Set<TrustAnchor> trustAnchors =
                anchors.stream().map(anchor -> new TrustAnchor(anchor, null)).collect(Collectors.toSet());
        PKIXParameters parameters = new PKIXParameters(trustAnchors);
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(now));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    }

    private static ExitException failure(String reason) {
        return new ExitException(ExitCode.CERTIFICATE_ERROR, reason);
    }

    private static String oneLine(String text) {
        return text == null ? "no details" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
