package org.opentwinj.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.launcher.JavaCommand;
import org.opentwinj.platform.launcher.JvmOptions;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;

/**
 * Starts one service as its own process ({@code opentwin run <service> ...}, output appended
 * to {@code logs/<service>.log}) and waits until its {@code /readyz} answers.
 */
final class ServiceStarter implements Supervisor.Launcher {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final LocalLayout layout;
    private final LocalCertificates certificates;
    private final CompletableFuture<String> stop;
    private final JvmOptions jvmOptions;

    /**
     * @param stop       completed when the platform is asked to stop: waiting for ready ends then
     * @param jvmOptions the services' JVM options (memory, AOT cache)
     */
    ServiceStarter(
            LocalLayout layout, LocalCertificates certificates, CompletableFuture<String> stop, JvmOptions jvmOptions) {
        this.layout = layout;
        this.certificates = certificates;
        this.stop = stop;
        this.jvmOptions = jvmOptions;
    }

    @Override
    public SupervisedService launch(LocalLayout.LocalService service) throws StartFailure {
        return launch(service, CompletableFuture.completedFuture(null));
    }

    /**
     * @param peersReady completes once the services it waits for at start are ready: until then
     *     the wait for its own readiness does not count, so a slow peer does not eat its time
     */
    SupervisedService launch(LocalLayout.LocalService service, CompletableFuture<?> peersReady) throws StartFailure {
        return launch(
                service,
                jvmOptions.platformService(service.name()),
                ServiceArguments.of(service, layout, certificates),
                peersReady);
    }

    /**
     * Starts a service with the given JVM options and arguments (after the main class) and
     * waits until it is ready.
     */
    SupervisedService launch(
            LocalLayout.LocalService service,
            List<String> serviceJvmOptions,
            List<String> arguments,
            CompletableFuture<?> peersReady)
            throws StartFailure {
        Path log = layout.logs().resolve(service.name() + ".log");
        SupervisedService started;
        try {
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder builder = new ProcessBuilder(
                            JavaCommand.of("org.opentwinj.cli.OpenTwinCli", serviceJvmOptions, arguments))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // up creates the first admin itself: no service needs the password.
            builder.environment().remove(LocalPlatform.ADMIN_PASSWORD);
            started = new SupervisedService(service, builder.start(), log, logStart, Instant.now());
        } catch (IOException e) {
            throw new StartFailure(
                    ExitCode.INTERNAL_ERROR.code(), "cannot start " + service.name() + ": " + e.getMessage());
        }
        awaitReady(started, peersReady);
        return started;
    }

    private void awaitReady(SupervisedService started, CompletableFuture<?> peersReady) throws StartFailure {
        Process process = started.process();
        String name = started.name();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (ServiceClient client = new ServiceClient(
                certificates.client().clientContext(),
                ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(5)))) {
            while (!stop.isDone()) {
                if (!peersReady.isDone()) {
                    deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
                }
                if (!process.isAlive()) {
                    throw new StartFailure(
                            process.exitValue(),
                            name + " exited " + SupervisedService.exitDescription(process.exitValue())
                                    + " while starting: " + started.lastError() + " (log: " + started.log() + ")");
                }
                try {
                    client.get(layout.url(started.service()), "/readyz");
                    return;
                } catch (PeerCallException e) {
                    if (System.nanoTime() > deadline) {
                        stopNotReady(process);
                        throw new StartFailure(
                                ExitCode.PEER_UNREACHABLE.code(),
                                name + " not ready after " + READY_TIMEOUT.toSeconds() + " s: " + e.getMessage()
                                        + " (log: " + started.log() + ")");
                    }
                }
                // Returns early when the process exits: the next turn reports it.
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopNotReady(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
