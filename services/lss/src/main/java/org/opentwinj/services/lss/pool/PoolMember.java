package org.opentwinj.services.lss.pool;

import java.io.IOException;
import org.opentwinj.platform.launcher.pool.PoolAssignment;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;

/** One JVM of the warm pool, as the mechanism that started it knows it. Used by one thread at a time. */
interface PoolMember {
    /** A number unique in this pool, for logs. */
    int number();

    /** Whether it still runs. */
    boolean isAlive();

    /** Whether it has warmed up and waits for its assignment. */
    boolean isWarm();

    /**
     * Hands it its one assignment. Called at most once: a member is never assigned twice.
     *
     * @param request    what the spawner would have started instead (session, service, where its output goes)
     * @param assignment what makes the member that service
     * @return the handle of the session service it now is
     * @throws IOException when it cannot be reached (it died meanwhile): the caller stops it
     * @throws IllegalStateException when it was assigned before
     */
    SpawnHandle assign(SpawnRequest request, PoolAssignment assignment) throws IOException;

    /** Stops an unassigned member (closes its input, then SIGTERM), without waiting for long. Must not throw. */
    void stop();
}
