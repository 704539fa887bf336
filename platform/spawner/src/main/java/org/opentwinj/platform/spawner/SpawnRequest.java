package org.opentwinj.platform.spawner;

import java.util.Map;

/**
 * What to run for one session service: a {@link ProcessRequest} for spawners that start
 * processes, a {@link ContainerRequest} for those that start containers or pods. Each
 * spawner takes one kind ({@link Spawner}'s type parameter), so a request of the wrong
 * kind does not compile.
 */
public sealed interface SpawnRequest permits ProcessRequest, ContainerRequest {
    /** The session id (labels, log file names). */
    String session();

    /** The service's name within the session, e.g. {@code mesh}. */
    String service();

    /**
     * Variables added to the service's environment: settings whose values must stay out of
     * command lines and pod specs (they may hold credentials).
     */
    Map<String, String> environment();
}
