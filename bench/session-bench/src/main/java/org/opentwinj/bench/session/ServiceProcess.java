package org.opentwinj.bench.session;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentwinj.bench.support.ChildProcesses;

/**
 * One OpenTwin/J process the harness started ({@code opentwin run <service>}), its output in a
 * log file. Stopped with SIGTERM (a clean stop, exit 0), then SIGKILL after a grace period.
 */
final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final URI url;

    private ServiceProcess(String name, Process process, Path log, URI url) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /**
     * Starts the command with stdin closed, stdout and stderr into {@code log}, and without the
     * harness's OPEN_TWIN_* variables (a service gets exactly the flags it is given, as the
     * LSS does for its children).
     */
    static ServiceProcess start(String name, List<String> command, Path log, URI url) throws IOException {
        return start(name, command, log, url, Map.of());
    }

    /** As {@link #start(String, List, Path, URI)}, with these variables added after the OPEN_TWIN_* ones were removed. */
    static ServiceProcess start(String name, List<String> command, Path log, URI url, Map<String, String> environment)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(key -> key.startsWith("OPEN_TWIN_"));
        builder.environment().putAll(environment);
        return new ServiceProcess(name, builder.start(), log, url);
    }

    String name() {
        return name;
    }

    URI url() {
        return url;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL after {@code grace}; true when it stopped within the grace period. */
    boolean stop(Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return false;
    }

    /** Sends SIGTERM without waiting. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the exit; SIGKILL after {@code timeout}. */
    void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The last lines of its log, for error messages. */
    String tail() {
        return ChildProcesses.tail(log, 8);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
