package org.opentwinj.platform.spawner.kubernetes;

import java.util.Optional;

/**
 * Places a session service at a warm pool pod: the pod exists before the service is placed, so
 * the service takes on the pod's DNS name (its certificate names it) instead of a pod name of
 * its own. The launch backend asks before it places a service its own way.
 */
public interface PoolPlaces {
    /**
     * Reserves a ready pool pod for one service of a session; it leaves the pool for good.
     *
     * @return the host name the service is then reached at, or empty when the pool has no ready pod
     */
    Optional<String> reserve(String session, String service);

    /** The service stopped for good: a pod still reserved for it (never taken) is deleted. */
    void release(String session, String service);
}
