package org.opentwinj.platform.pki;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;

/** Shortcuts for tests: CAs and certificates with fresh ECDSA P-256 keys. */
public final class TestPki {
    public static final Duration DAY = Duration.ofDays(1);

    private TestPki() {}

    /** A CA valid for ten days from now. */
    public static CertificateAuthority ca(String commonName) {
        return CertificateAuthority.create(CertificateRequest.of(commonName, List.of()), Duration.ofDays(10));
    }

    /** A certificate valid for one day from now. */
    public static IssuedCertificate issue(CertificateAuthority ca, String commonName, Usage usage, String... hosts) {
        return ca.issue(CertificateRequest.of(commonName, List.of(hosts)), usage, DAY);
    }

    /** A certificate that expired a day ago. */
    public static IssuedCertificate expired(CertificateAuthority ca, String commonName, Usage usage, String... hosts) {
        return ca.issue(
                CertificateRequest.of(commonName, List.of(hosts)),
                usage,
                DAY,
                Instant.now().minus(Duration.ofDays(2)));
    }

    /** A certificate that becomes valid tomorrow. */
    public static IssuedCertificate notYetValid(
            CertificateAuthority ca, String commonName, Usage usage, String... hosts) {
        return ca.issue(
                CertificateRequest.of(commonName, List.of(hosts)),
                usage,
                DAY,
                Instant.now().plus(DAY));
    }
}
