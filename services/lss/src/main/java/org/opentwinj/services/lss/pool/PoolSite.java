package org.opentwinj.services.lss.pool;

import java.util.Objects;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.tls.TlsMaterial;

/**
 * What a warm pool outside the LSS's process needs from the LSS: the CA it issues session
 * certificates with (a pool pod gets a pool certificate from it) and the LSS's own TLS
 * material (the only client certificate a pool pod accepts its assignment from).
 */
public record PoolSite(CertificateAuthority ca, TlsMaterial lssTls) {
    public PoolSite {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(lssTls, "lssTls");
    }
}
