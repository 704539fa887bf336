package org.opentwinj.platform.spawner;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run for one session service.
 *
 * @param session     the session id (labels, log file names)
 * @param service     the service's name within the session, e.g. {@code mesh}
 * @param command     the command line: for the local spawner the launcher's java command; for a
 *                    container spawner the arguments of the entry point (see {@link ContainerSpec})
 * @param environment variables added to the child's environment; a container spawner keeps their
 *                    values out of the pod spec (they may hold credentials)
 * @param logFile     where the child's stdout and stderr go (appended); null for containers, whose
 *                    output the container runtime keeps
 * @param container   the image and files for spawners that run containers; null for local processes
 */
public record SpawnRequest(String session, String service, List<String> command, Map<String, String> environment, Path logFile,
        ContainerSpec container) {
    public SpawnRequest {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(service, "service");
        if (container == null) {
            Objects.requireNonNull(logFile, "logFile");
            if (command == null || command.isEmpty()) {
                throw new IllegalArgumentException("command must not be empty");
            }
        }
        command = command == null ? List.of() : List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** A local process's request. */
    public SpawnRequest(String session, String service, List<String> command, Map<String, String> environment, Path logFile) {
        this(session, service, command, environment, logFile, null);
    }
}
