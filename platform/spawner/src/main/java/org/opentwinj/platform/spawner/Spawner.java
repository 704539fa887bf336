package org.opentwinj.platform.spawner;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Starts and stops the processes (or pods) of session services. A spawner is mechanism
 * only: the LSS core decides what to start, with which certificate, port and environment,
 * how long to wait for it to confirm, and when to restart it. Implementations are chosen by
 * {@link #name()} ({@code local}, {@code kubernetes}), through their {@link SpawnerProvider}.
 *
 * <p>Every method may be called from several threads at once for different handles.
 *
 * @param <R> the kind of request it runs: {@link ProcessRequest} or {@link ContainerRequest}
 */
public interface Spawner<R extends SpawnRequest> {
    /** The short name configuration uses to pick this spawner. */
    String name();

    /**
     * Starts one service and returns as soon as it is launched (not when it is ready). Starting
     * a service again (a restart) replaces what an earlier start of it left behind.
     *
     * @param request  what to run
     * @param progress receives human-readable steps ("pulling image", "process 1234 started");
     *                 called on the caller's thread or the spawner's, never after this returns
     * @return a handle whose {@link SpawnHandle#state()} lets a later spawner reattach
     * @throws SpawnException if it could not be launched; nothing is left running then
     */
    SpawnHandle start(R request, Consumer<String> progress);

    /**
     * Asks the service to stop (SIGTERM for processes), waits up to {@code grace}, then kills it.
     * Returns once it is gone. Stopping something that already exited does nothing.
     *
     * @return the exit code, or empty if the platform cannot tell (killed, or reattached process)
     */
    Optional<Integer> stop(SpawnHandle handle, Duration grace);

    /**
     * Whether the service still runs; never blocks for long.
     *
     * @return empty while it runs or is on its way; its exit status once it has exited, or once
     *     it is clear it cannot start (then {@link ExitStatus#permanent()} when starting it again
     *     would fail the same way, e.g. its image cannot be pulled)
     */
    Optional<ExitStatus> poll(SpawnHandle handle);

    /**
     * Rebuilds a handle from {@link SpawnHandle#state()} written by an earlier spawner (after an
     * LSS restart).
     *
     * @return the handle, or empty if the service is gone or the state names another one
     */
    Optional<SpawnHandle> reattach(SpawnState state);

    /**
     * Whether the started service is ready as far as the spawner can tell (a pod's readiness);
     * the LSS also waits for the service's own confirmation. Never blocks for long.
     */
    default boolean isReady(SpawnHandle handle) {
        return true;
    }

    /**
     * What the service said last, for the reason the LSS gives when it stopped: its last error
     * line (or last line) of output, as far as the spawner kept it. Called after {@link #poll}
     * reported an exit, before {@link #stop}; may read a file or call an API once, so not in a
     * tight loop. Must not throw.
     *
     * @return empty when the spawner keeps no output or the service wrote none
     */
    default Optional<String> lastWords(SpawnHandle handle) {
        return Optional.empty();
    }

    /**
     * Called once every service of a session has stopped for good, to remove what the spawner
     * keeps per session (a Kubernetes owner object). Must not throw.
     */
    default void sessionEnded(String session) {
        // Processes keep nothing per session.
    }

    /**
     * Removes what runs for sessions this LSS no longer has (after a restart, once it has taken
     * over the sessions it still has). Must not throw.
     *
     * @param sessions the sessions the LSS runs
     */
    default void removeOrphans(Set<String> sessions) {
        // Local processes of lost sessions are found through the LSS's stored state instead.
    }
}
