package org.opentwinj.platform.launcher;

import java.util.List;
import org.opentwinj.platform.config.Setting;

/**
 * A service the launcher can run ({@code opentwin run <name>}). The launcher owns the
 * process: configuration, logging, certificates, database and peer checks, the server,
 * signals and exit codes. A definition only adds its settings and actions.
 */
public interface ServiceDefinition {
    /** The short name used on the command line, e.g. {@code gss}; lower case. */
    String name();

    /** One line for {@code opentwin run --help}. */
    String description();

    /** Settings of this service in addition to {@link CommonSettings}; names must not clash. */
    default List<Setting<?>> settings() {
        return List.of();
    }

    /** Whether the service cannot work without {@code --database-url}. */
    default boolean requiresDatabase() {
        return false;
    }

    /**
     * Called once, after configuration, certificates, the database and peers are checked and
     * before the port opens. Registers actions, readiness checks and shutdown steps on the
     * context. Must not block for long; long-running work goes on threads it starts and
     * stops in a shutdown step.
     *
     * @throws org.opentwinj.platform.exit.ExitException to stop with a specific exit code
     * @throws Exception anything else stops the process with the internal-error code
     */
    void start(ServiceContext context) throws Exception;
}
