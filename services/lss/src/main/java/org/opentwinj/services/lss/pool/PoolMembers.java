package org.opentwinj.services.lss.pool;

import java.util.Optional;
import org.opentwinj.platform.launcher.pool.PoolAssignment;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnRequest;

/** Starts the JVMs of a warm pool where the LSS's spawner runs services: processes or pods. */
interface PoolMembers {
    /**
     * Starts one pooled JVM, at low CPU priority, and returns at once (it warms up by itself).
     *
     * @param number unique in this pool
     * @throws SpawnException when it cannot be started
     */
    PoolMember start(int number);

    /**
     * What to assign a pooled JVM so that it becomes what {@code request} would start.
     *
     * @return empty when no pooled JVM can become it (a request of another kind)
     */
    Optional<PoolAssignment> assignment(SpawnRequest request);
}
