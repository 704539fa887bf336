package org.opentwinj.platform.spawner;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a spawner provider learns about the LSS it serves.
 *
 * @param lssId           the LSS's id at the GSS: what a spawner creates carries it
 * @param lssUrl          the URL the LSS publishes (its host is the machine's name for local services)
 * @param bindHost        the address the LSS binds
 * @param workDirectory   the LSS's own directory for session files (certificates, logs)
 * @param launcherCommand the command that runs this distribution's launcher on this machine: the
 *                        java binary, its JVM options, class path and main class; a local process
 *                        appends {@code run <service> <flags>}
 */
public record SpawnerSite(String lssId, URI lssUrl, String bindHost, Path workDirectory, List<String> launcherCommand) {
    public SpawnerSite {
        Objects.requireNonNull(lssId, "lssId");
        Objects.requireNonNull(lssUrl, "lssUrl");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(workDirectory, "workDirectory");
        launcherCommand = List.copyOf(launcherCommand);
    }
}
