package org.opentwinj.services.lss.pool;

import java.util.Optional;
import java.util.function.Consumer;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;

/**
 * Started, unassigned service JVMs the LSS hands to a session instead of starting a new
 * process or pod: the one seam between the LSS's start of a service and its warm pool.
 */
public interface ServicePool extends AutoCloseable {
    /**
     * Makes a pooled JVM what {@code request} would have started, if the pool has a warm one.
     * The JVM taken leaves the pool for good (it is never handed out again, and it exits when its
     * session ends); the pool refills in the background. Returns at once: it never waits for a
     * JVM to warm up.
     *
     * @param progress receives a human-readable step ("process 1234 of the warm pool assigned")
     * @return the handle of the assigned JVM, which the spawner polls and stops like one it
     *     started itself; empty when the pool has none warm or cannot run such a request (the
     *     caller then starts the service itself)
     */
    Optional<SpawnHandle> take(SpawnRequest request, Consumer<String> progress);

    /** Stops refilling and stops every JVM still in the pool. Must not throw. */
    @Override
    void close();

    /** No pool: every service starts as a new process or pod. */
    static ServicePool none() {
        return new ServicePool() {
            @Override
            public Optional<SpawnHandle> take(SpawnRequest request, Consumer<String> progress) {
                return Optional.empty();
            }

            @Override
            public void close() {
                // Nothing is pooled.
            }
        };
    }
}
