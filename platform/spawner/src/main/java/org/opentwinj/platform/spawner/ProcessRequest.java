package org.opentwinj.platform.spawner;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A session service to run as a local process.
 *
 * @param session          the session id
 * @param service          the service's name within the session
 * @param command          the whole command line, the program first
 * @param environment      variables added to the child's environment
 * @param workingDirectory where the process runs; it exists when the request is made
 * @param logFile          where its stdout and stderr go (appended)
 */
public record ProcessRequest(
        String session,
        String service,
        List<String> command,
        Map<String, String> environment,
        Path workingDirectory,
        Path logFile)
        implements SpawnRequest {
    public ProcessRequest {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(logFile, "logFile");
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
