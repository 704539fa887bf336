package org.opentwinj.platform.spawner;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run for one session service.
 *
 * @param session     the session id (labels, log file names)
 * @param service     the service name, e.g. {@code modeling}
 * @param command     the command line (for the local spawner: the launcher's java command)
 * @param environment variables added to the child's environment
 * @param logFile     where the child's stdout and stderr go (appended)
 */
public record SpawnRequest(String session, String service, List<String> command, Map<String, String> environment, Path logFile) {
    public SpawnRequest {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(logFile, "logFile");
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
