package org.opentwinj.cli.local;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
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
 * @param started  when that process started (null in files of older versions): a process id
 *                 the system gave to another process since is not taken for the platform's
 * @param services each started service
 */
public record PlatformState(long pid, Instant started, List<RunningService> services) {
    /**
     * @param name    the service
     * @param pid     its process id
     * @param started when that process started, or null
     * @param url     its published URL
     * @param log     its log file
     */
    public record RunningService(String name, long pid, Instant started, URI url, String log) {
        /** The service's process, if it still runs. */
        public Optional<ProcessHandle> process() {
            return live(pid, started);
        }
    }

    /** A process as it runs now, for the record of this one. */
    static PlatformState of(ProcessHandle up, List<RunningService> services) {
        return new PlatformState(up.pid(), up.info().startInstant().orElse(null), services);
    }

    static RunningService service(String name, ProcessHandle process, URI url, String log) {
        return new RunningService(
                name, process.pid(), process.info().startInstant().orElse(null), url, log);
    }

    /** The process with this id, if it is alive and started when recorded (ids are reused). */
    static Optional<ProcessHandle> live(long pid, Instant started) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> started == null
                        || process.info()
                                .startInstant()
                                .map(now ->
                                        Math.abs(Duration.between(now, started).toMillis()) < 1000)
                                .orElse(true));
    }

    /** The process of {@code opentwin up}, if it still runs. */
    public Optional<ProcessHandle> process() {
        return live(pid, started);
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(
                    temporary, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
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
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    file + " is damaged (" + e.getMessage() + "); remove it if no platform runs");
        }
    }

    @JsonIgnore
    public boolean isRunning() {
        return process().isPresent();
    }
}
