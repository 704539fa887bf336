package org.opentwinj.platform.spawner.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.opentwinj.platform.logging.LogFiles;
import org.opentwinj.platform.spawner.ExitStatus;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnState;
import org.opentwinj.platform.spawner.Spawner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each session service as a local operating-system process. Its state is the pid and
 * the process's start time, so that after an LSS restart it finds its processes again and
 * never mistakes a reused pid for one of them.
 */
public final class LocalProcessSpawner implements Spawner<ProcessRequest> {
    public static final String NAME = "local";
    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessSpawner.class);
    /** Environment variables with this prefix are not passed on from the LSS to its children. */
    public static final String INHERITED_SETTINGS_PREFIX = "OPEN_TWIN_";

    private static final String PID = "pid";
    private static final String STARTED = "startedAtMillis";
    private static final String SESSION = "session";
    private static final String SERVICE = "service";
    private static final String LOG_FILE = "logFile";

    /** Processes this instance started: only for them is the exit code known. */
    private final Map<Long, Process> children = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpawnHandle start(ProcessRequest request, Consumer<String> progress) {
        ProcessBuilder builder = new ProcessBuilder(request.command())
                .redirectErrorStream(true)
                .directory(request.workingDirectory().toFile());
        // The child inherits the LSS's environment except its OpenTwin settings: a session
        // service gets exactly the settings the LSS gives it, never the LSS's own by accident.
        builder.environment().keySet().removeIf(name -> name.startsWith(INHERITED_SETTINGS_PREFIX));
        builder.environment().putAll(request.environment());
        Process process;
        try {
            Files.createDirectories(request.logFile().toAbsolutePath().getParent());
            builder.redirectOutput(
                    ProcessBuilder.Redirect.appendTo(request.logFile().toFile()));
            process = builder.start();
        } catch (IOException | UnsupportedOperationException e) {
            throw new SpawnException("cannot start " + request.service() + ": " + e.getMessage(), e);
        }
        progress.accept(request.service() + ": process " + process.pid() + " started");
        return adopt(process, request.session(), request.service(), request.logFile());
    }

    /**
     * Takes on a process started elsewhere as a session service (a JVM of the LSS's warm pool,
     * just assigned): from now on it is polled, stopped and reattached like one this spawner
     * started, its exit code known.
     *
     * @param logFile where its output goes
     */
    public SpawnHandle adopt(Process process, String session, String service, Path logFile) {
        children.put(process.pid(), process);
        // Entries stay until stop(), which the LSS calls for every service it started, so that
        // poll() can still tell the exit code of a process that died.
        process.onExit()
                .thenRun(() ->
                        LOG.debug("process {} of {} exited with {}", process.pid(), service, process.exitValue()));
        Instant started = process.info().startInstant().orElse(Instant.now());
        return new SpawnHandle(
                session,
                service,
                new SpawnState(
                        NAME,
                        Map.of(
                                PID,
                                Long.toString(process.pid()),
                                STARTED,
                                Long.toString(started.toEpochMilli()),
                                SESSION,
                                session,
                                SERVICE,
                                service,
                                LOG_FILE,
                                logFile.toString())));
    }

    /** The message of the last ERROR record in the service's log file (every start of the service appends to it). */
    @Override
    public Optional<String> lastWords(SpawnHandle handle) {
        String log = handle.state().values().get(LOG_FILE);
        if (log == null) {
            return Optional.empty();
        }
        try {
            return LogFiles.lastError(Path.of(log));
        } catch (IOException e) {
            LOG.warn("cannot read the log {} of {} of session {}", log, handle.service(), handle.session(), e);
            return Optional.empty();
        }
    }

    @Override
    public Optional<ExitStatus> poll(SpawnHandle handle) {
        long pid = pid(handle.state());
        Process own = children.get(pid);
        if (own != null) {
            return own.isAlive() ? Optional.empty() : Optional.of(new ExitStatus(own.exitValue()));
        }
        return find(handle.state()).isPresent() ? Optional.empty() : Optional.of(ExitStatus.UNKNOWN);
    }

    @Override
    public Optional<Integer> stop(SpawnHandle handle, Duration grace) {
        long pid = pid(handle.state());
        Process own = children.get(pid);
        Optional<ProcessHandle> process = own != null ? Optional.of(own.toHandle()) : find(handle.state());
        process.filter(ProcessHandle::isAlive).ifPresent(p -> terminate(p, grace, handle));
        if (own == null) {
            return Optional.empty();
        }
        children.remove(pid);
        try {
            return Optional.of(own.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void terminate(ProcessHandle process, Duration grace, SpawnHandle handle) {
        // Children of the service (if any) go with it.
        var descendants = process.descendants().toList();
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "{} of session {} (pid {}) did not stop within {} ms; killing it",
                    handle.service(),
                    handle.session(),
                    process.pid(),
                    grace.toMillis());
            process.destroyForcibly();
            awaitQuietly(process);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for pid " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public Optional<SpawnHandle> reattach(SpawnState state) {
        if (!NAME.equals(state.spawner())) {
            return Optional.empty();
        }
        return find(state)
                .map(process -> new SpawnHandle(
                        state.values().getOrDefault(SESSION, ""), state.values().getOrDefault(SERVICE, ""), state));
    }

    /** The live process of a state, if the pid still belongs to the process that was started. */
    private static Optional<ProcessHandle> find(SpawnState state) {
        long startedAt;
        try {
            startedAt = Long.parseLong(state.values().getOrDefault(STARTED, "-1"));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid(state))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info()
                        .startInstant()
                        .map(Instant::toEpochMilli)
                        .map(t -> Math.abs(t - startedAt) < 1000)
                        .orElse(false));
    }

    private static long pid(SpawnState state) {
        try {
            return Long.parseLong(state.values().get(PID));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("spawner state without a valid pid: " + state, e);
        }
    }

    private static void awaitQuietly(ProcessHandle process) {
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("pid {} still running 10 s after SIGKILL", process.pid(), e);
        }
    }
}
