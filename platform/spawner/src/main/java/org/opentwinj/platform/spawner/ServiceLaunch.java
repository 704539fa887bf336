package org.opentwinj.platform.spawner;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the LSS core decided to start a session service, whatever the spawner: a
 * {@link LaunchBackend} turns it into the spawner's request.
 *
 * @param session     the session id
 * @param service     the service's name within the session (e.g. {@code mesh})
 * @param serviceType the service it runs (e.g. {@code cartesian-mesh}): {@code opentwin run <serviceType>}
 * @param project     the session's project
 * @param arguments   the flags that follow {@code run <serviceType>}
 * @param environment variables for the service: settings that must not show in command lines or pod specs
 * @param files       its private files by file name (certificate, key, CA bundle), to be delivered to
 *                    {@link LaunchBackend#filesDirectory}; the arguments name them there
 */
public record ServiceLaunch(
        String session,
        String service,
        String serviceType,
        String project,
        List<String> arguments,
        Map<String, String> environment,
        Map<String, String> files) {
    public ServiceLaunch {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(serviceType, "serviceType");
        Objects.requireNonNull(project, "project");
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
        files = Map.copyOf(files);
    }
}
