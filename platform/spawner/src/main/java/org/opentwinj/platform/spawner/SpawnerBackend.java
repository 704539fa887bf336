package org.opentwinj.platform.spawner;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A created spawner with the launch backend that makes its requests: the pair the LSS core
 * drives, typed alike so that the backend's requests are what the spawner runs.
 *
 * @param spawner   starts, watches and stops the services
 * @param launch    where they listen and how their files reach them
 * @param problem   why the spawner cannot start services right now, if so (the LSS is then not ready)
 * @param resources closed when the LSS stops, after its sessions (a client, a watch)
 * @param <R>       the kind of request
 */
public record SpawnerBackend<R extends SpawnRequest>(
        Spawner<R> spawner, LaunchBackend<R> launch, Supplier<Optional<String>> problem, AutoCloseable resources) {
    public SpawnerBackend {
        Objects.requireNonNull(spawner, "spawner");
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(resources, "resources");
    }

    /** A backend that is always able to start services and holds nothing to close. */
    public static <R extends SpawnRequest> SpawnerBackend<R> of(Spawner<R> spawner, LaunchBackend<R> launch) {
        return new SpawnerBackend<>(spawner, launch, Optional::empty, () -> {});
    }
}
