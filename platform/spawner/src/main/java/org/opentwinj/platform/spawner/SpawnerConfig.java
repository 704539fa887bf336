package org.opentwinj.platform.spawner;

/**
 * A spawner's settings, read once by its {@link SpawnerProvider}: immutable, part of the LSS's
 * configuration. It creates the spawner when the LSS has read all its configuration.
 */
public interface SpawnerConfig {
    /**
     * Creates the spawner and its launch backend: connects to what runs the services (an API
     * server) and starts following what it runs. Called once.
     *
     * @throws org.opentwinj.platform.exit.ExitException with a one-line reason and the exit code
     *     that fits (a peer that cannot be reached, a bad certificate file)
     */
    SpawnerBackend<?> create();

    /** One line for the LSS's start log: where session services run (no secrets). */
    String describe();
}
