package org.opentwinj.platform.spawner.kubernetes.pool;

import java.util.List;
import java.util.Objects;

/**
 * Issues the certificate of one pool pod: the LSS holds the CA, the pool only asks. A pool
 * certificate lets the pod serve {@code Pool.Assign} and nothing else: it names no session.
 */
@FunctionalInterface
public interface PoolCertificates {
    /**
     * @param commonName {@code pool.<lss-id>}
     * @param hostNames  the names the LSS dials the pod by
     * @return the certificate, its key and the CA bundle the pod trusts, in PEM
     */
    Issued issue(String commonName, List<String> hostNames);

    /** A certificate with its key and the CA bundle, in PEM. */
    record Issued(String certificate, String key, String ca) {
        public Issued {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(ca, "ca");
        }

        @Override
        public String toString() {
            // The key stays out of logs.
            return "Issued[certificate, key, ca]";
        }
    }
}
