package org.opentwinj.cli.local;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;

/**
 * What a running {@code opentwin up} writes to {@code run/platform.json}, so that
 * {@code status} and {@code down} work from another terminal.
 *
 * @param pid      the process id of {@code opentwin up}
 * @param services each started service
 */
public record PlatformState(long pid, List<RunningService> services) {
    /**
     * @param name the service
     * @param pid  its process id
     * @param url  its published URL
     * @param log  its log file
     */
    public record RunningService(String name, long pid, URI url, String log) {}

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ExitException(ExitCode.INTERNAL_ERROR, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static Optional<PlatformState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), new TypeReference<PlatformState>() {}));
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, file + " is damaged (" + e.getMessage() + "); remove it if no platform runs");
        }
    }

    @JsonIgnore
    public boolean isRunning() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
