package org.opentwinj.services.lss.pool;

import java.util.List;
import java.util.ServiceLoader;
import org.opentwinj.platform.spawner.SpawnerBackend;
import org.opentwinj.platform.spawner.SpawnerConfig;

/**
 * Makes the warm pool of a spawner other than the local one (whose pool the LSS makes itself),
 * found on the class path with {@link ServiceLoader} next to its spawner: the Kubernetes
 * spawner's module carries one for pool pods.
 */
public interface ServicePoolFactory {
    /** The name of the spawner whose pools it makes ({@code --spawner}). */
    String spawner();

    /**
     * Makes and starts the pool; it refills in the background.
     *
     * @param backend the created spawner and launch backend (of this factory's spawner)
     * @param spawner the spawner's configuration
     * @param config  the pool's size and timing; with {@code --pool-size 0} the factory starts nothing
     *                and returns {@link ServicePool#none()} (it may remove what an earlier run's pool left)
     * @param site    the LSS's CA and TLS material
     */
    ServicePool create(SpawnerBackend<?> backend, SpawnerConfig spawner, PoolConfig config, PoolSite site);

    /** The factories on the class path. */
    static List<ServicePoolFactory> load() {
        return ServiceLoader.load(ServicePoolFactory.class, ServicePoolFactory.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /**
     * The pool of a spawner by the factory for it, or none when no factory is on the class path.
     * The factory is asked also for size 0, so that it can remove an earlier run's pool.
     */
    static ServicePool forSpawner(
            String spawnerName, SpawnerBackend<?> backend, SpawnerConfig spawner, PoolConfig config, PoolSite site) {
        return load().stream()
                .filter(factory -> factory.spawner().equals(spawnerName))
                .findFirst()
                .map(factory -> factory.create(backend, spawner, config, site))
                .orElseGet(ServicePool::none);
    }
}
