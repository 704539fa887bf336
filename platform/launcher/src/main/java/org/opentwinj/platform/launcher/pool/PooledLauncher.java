package org.opentwinj.platform.launcher.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.RunCommand;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.launcher.StopSignals;
import org.opentwinj.platform.logging.JsonLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code opentwin run --pooled}: a JVM of an LSS's warm pool. It warms up ({@link Warmup}),
 * says so by creating its warm file, then waits for one {@link PoolAssignment} on its standard
 * input and becomes that session service, exactly as {@code opentwin run <service> <flags>}
 * would have started it, certificate and all.
 *
 * <p>Why standard input: the LSS starts the JVM, so the pipe's writing end is the LSS's alone.
 * Nobody else can assign it (no port listens, no secret lies in a file another process of the
 * user could read before the LSS does), and the key of the identity it takes on is written
 * only to the session service's private folder, as for a service started directly. When the
 * LSS closes the pipe without an assignment (it stops, or shrinks its pool), the JVM exits
 * cleanly; SIGTERM does the same. It ignores SIGINT: its parent stops it.
 *
 * <p>A pod has no such pipe: there it gets its assignment over mTLS instead
 * ({@link #run(NetworkAssignment, Optional)}), from its LSS's certificate only, once.
 */
public final class PooledLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(PooledLauncher.class);

    private final List<ServiceDefinition> services;
    private final Map<String, String> environment;
    private final PrintStream console;
    private final Optional<Path> caBundle;

    /**
     * @param services    the services it may become
     * @param environment its own environment; the assignment's variables are added to it
     * @param console     where the one-line reason of a refused assignment goes
     * @param caBundle    the platform's CA certificates ({@code --pool-ca}), which the warm-up's
     *                    database connection trusts (empty: the JDK's default trust)
     */
    public PooledLauncher(
            List<ServiceDefinition> services,
            Map<String, String> environment,
            PrintStream console,
            Optional<Path> caBundle) {
        this.services = List.copyOf(services);
        this.environment = Map.copyOf(environment);
        this.console = console;
        this.caBundle = caBundle;
    }

    /**
     * Warms up, then waits for its assignment and runs the assigned service to its end.
     *
     * @param assignments where the assignment comes from (the standard input)
     * @param warmFile    created once warm, for the LSS to see (empty: none)
     * @return the exit code of the assigned service, or {@link ExitCode#OK} when stopped
     *     before an assignment, or {@link ExitCode#INVALID_CONFIGURATION} for a refused one
     */
    public ExitCode run(InputStream assignments, Optional<Path> warmFile) {
        JsonLogging.configureForService("pool", "info");
        CompletableFuture<String> stopRequest = new CompletableFuture<>();
        StopSignals.install(stopRequest, true);
        try {
            Warmup.run(services, environment, caBundle);
        } catch (RuntimeException e) {
            // It still becomes a service: the same work then fails (or not) where it is reported properly.
            LOG.warn("the warm-up failed; this JVM waits for its assignment cold", e);
        }
        warmFile.ifPresent(PooledLauncher::markWarm);
        BufferedReader input = new BufferedReader(new InputStreamReader(assignments, StandardCharsets.UTF_8));
        CompletableFuture<Optional<String>> line = CompletableFuture.supplyAsync(() -> readLine(input));
        CompletableFuture.anyOf(line, stopRequest).join();
        if (stopRequest.isDone()) {
            LOG.info("stopped before an assignment: {}", stopRequest.join());
            return ExitCode.OK;
        }
        Optional<String> received;
        try {
            received = line.join();
        } catch (CompletionException e) {
            LOG.error("cannot read the pool assignment from standard input", e.getCause());
            return ExitCode.INTERNAL_ERROR;
        }
        if (received.isEmpty()) {
            LOG.info("the pool closed this JVM's input without an assignment; stopping");
            return ExitCode.OK;
        }
        return become(received.get());
    }

    /**
     * Warms up, then serves {@code Pool.Assign} (see {@link PoolAssignEndpoint}) until its one
     * assignment comes, and runs the assigned service to its end: the channel of a pod, whose
     * LSS holds no pipe to it. Ready (its {@code /readyz} answers) only once warm.
     *
     * @param network   where and from whom it accepts its assignment
     * @param warmFile  created once warm (empty: none)
     * @return as {@link #run(InputStream, Optional)}; {@link ExitCode#CERTIFICATE_ERROR} or
     *     {@link ExitCode#PORT_IN_USE} when it cannot listen
     */
    public ExitCode run(NetworkAssignment network, Optional<Path> warmFile) {
        JsonLogging.configureForService("pool", "info");
        CompletableFuture<String> stopRequest = new CompletableFuture<>();
        StopSignals.install(stopRequest, true);
        try {
            Warmup.run(services, environment, caBundle);
        } catch (RuntimeException e) {
            LOG.warn("the warm-up failed; this JVM waits for its assignment cold", e);
        }
        PoolAssignment assignment;
        try (PoolAssignEndpoint endpoint = PoolAssignEndpoint.start(
                network, services.stream().map(ServiceDefinition::name).collect(Collectors.toSet()))) {
            warmFile.ifPresent(PooledLauncher::markWarm);
            LOG.info("warm; waiting for Pool.Assign from {} on port {}", network.lssCommonName(), endpoint.port());
            CompletableFuture.anyOf(endpoint.assignment(), stopRequest).join();
            if (stopRequest.isDone()) {
                LOG.info("stopped before an assignment: {}", stopRequest.join());
                return ExitCode.OK;
            }
            try {
                assignment = endpoint.assignment().join();
            } catch (CompletionException e) {
                LOG.error("the pool assignment could not be taken on", e.getCause());
                return ExitCode.INTERNAL_ERROR;
            }
        } catch (ExitException e) {
            LOG.error("{}: {}", e.exitCode(), e.getMessage());
            console.println("opentwin run --pooled: " + e.getMessage());
            return e.exitCode();
        }
        // The endpoint is closed here: the service binds the same port.
        return become(assignment);
    }

    private ExitCode become(String line) {
        PoolAssignment assignment;
        try {
            assignment = PoolAssignment.parse(
                    line, services.stream().map(ServiceDefinition::name).collect(Collectors.toSet()));
        } catch (ExitException e) {
            LOG.error("{}: {}", e.exitCode(), e.getMessage());
            console.println("opentwin run --pooled: " + e.getMessage());
            return e.exitCode();
        }
        return become(assignment);
    }

    private ExitCode become(PoolAssignment assignment) {
        LOG.info("assigned: {}", describe(assignment.arguments()));
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(assignment.environment());
        int code = RunCommand.create(services, merged, console)
                .execute(assignment.arguments().toArray(String[]::new));
        return fromCode(code);
    }

    /** The service and its session identity, for the log: the flags may name files, never secrets. */
    private static String describe(List<String> arguments) {
        StringBuilder text = new StringBuilder(arguments.getFirst());
        for (String flag : List.of("--session-id", "--session-service")) {
            int at = arguments.indexOf(flag);
            text.append(' ').append(flag).append(' ').append(arguments.get(at + 1));
        }
        return text.toString();
    }

    private static ExitCode fromCode(int code) {
        for (ExitCode exit : ExitCode.values()) {
            if (exit.code() == code) {
                return exit;
            }
        }
        return ExitCode.INTERNAL_ERROR;
    }

    private static Optional<String> readLine(BufferedReader input) {
        try {
            return Optional.ofNullable(input.readLine());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pool assignment", e);
        }
    }

    private static void markWarm(Path file) {
        try {
            Files.writeString(file, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            // The LSS then takes it as still warming; it is still usable.
            LOG.warn("cannot write the warm file {}", file, e);
        }
    }
}
