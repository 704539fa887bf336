package org.opentwinj.systemtest.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * The part of cert-manager's API (cert-manager.io/v1) the cert-manager overlay uses, as
 * records, so that those objects are parsed as strictly as the Kubernetes ones: a field
 * outside this subset fails the test (add it here when an overlay needs it, after checking
 * cert-manager's reference). fabric8 has no model for cert-manager.
 */
final class CertManagerKinds {
    private CertManagerKinds() {}

    record Certificate(String apiVersion, String kind, ObjectMeta metadata, CertificateSpec spec) {}

    record CertificateSpec(
            String secretName,
            IssuerRef issuerRef,
            String commonName,
            List<String> dnsNames,
            List<String> ipAddresses,
            String duration,
            String renewBefore,
            PrivateKey privateKey,
            List<String> usages) {}

    record IssuerRef(String name, String kind, String group) {}

    record PrivateKey(String algorithm, Integer size, String encoding, String rotationPolicy) {}

    record Issuer(String apiVersion, String kind, ObjectMeta metadata, IssuerSpec spec) {}

    record IssuerSpec(CaIssuer ca) {}

    record CaIssuer(String secretName) {}
}
