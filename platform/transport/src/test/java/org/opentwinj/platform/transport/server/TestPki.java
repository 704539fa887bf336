package org.opentwinj.platform.transport.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;

/** Certificates for in-process TLS tests, made with the project's own PKI library. */
final class TestPki {
    final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("Test CA", List.of()), Duration.ofDays(2));

    TlsMaterial peer(String name, String... hosts) {
        return issue(name, Usage.PEER, Instant.now().minusSeconds(60), Duration.ofHours(1), hosts);
    }

    TlsMaterial issue(String name, Usage usage, Instant notBefore, Duration validity, String... hosts) {
        return TlsMaterial.of(ca.issue(CertificateRequest.of(name, List.of(hosts)), usage, validity, notBefore));
    }
}
