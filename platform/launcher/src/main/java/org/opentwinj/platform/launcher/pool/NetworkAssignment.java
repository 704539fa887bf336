package org.opentwinj.platform.launcher.pool;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a pooled JVM in a pod gets its assignment instead of standard input, which a pod has
 * no LSS on the other end of: {@code Pool.Assign} on an mTLS port.
 *
 * @param bindHost       the address to listen on
 * @param port           the port (the one the service serves on afterwards, so the pod's readiness probe fits both)
 * @param certificate    the pool certificate of this pod only, issued by its LSS
 * @param key            its key
 * @param ca             the CA bundle to trust client certificates of
 * @param lssCommonName  the CN the one caller allowed must present: the LSS that started the pod
 * @param filesDirectory where the identity's files go (an emptyDir: a Secret mounted at start cannot
 *                       carry an identity decided later)
 */
public record NetworkAssignment(
        String bindHost, int port, Path certificate, Path key, Path ca, String lssCommonName, Path filesDirectory) {
    public NetworkAssignment {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(filesDirectory, "filesDirectory");
        if (lssCommonName == null || lssCommonName.isBlank()) {
            throw new IllegalArgumentException("the LSS's common name must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
