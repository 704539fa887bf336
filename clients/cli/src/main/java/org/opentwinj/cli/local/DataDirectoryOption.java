package org.opentwinj.cli.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --data-dir}: where the local level keeps its state; shared by up, status and down. */
public final class DataDirectoryOption {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "where certificates, logs and data live [env: OPEN_TWIN_DATA_DIR, default: $XDG_DATA_HOME/opentwin or ~/.local/share/opentwin]")
    Path dataDirectory;

    /** The layout of an existing data directory, for commands that only read its state. */
    LocalLayout existingLayout(Map<String, String> environment) {
        return new LocalLayout(resolve(environment), "127.0.0.1", List.of());
    }

    /** The data directory: the flag, else OPEN_TWIN_DATA_DIR, else the XDG default. */
    public Path resolve(Map<String, String> environment) {
        if (dataDirectory != null) {
            return dataDirectory.toAbsolutePath();
        }
        String fromEnvironment = environment.get("OPEN_TWIN_DATA_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment).toAbsolutePath();
        }
        String xdg = environment.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("opentwin").toAbsolutePath();
    }
}
