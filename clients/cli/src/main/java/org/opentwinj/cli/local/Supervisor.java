package org.opentwinj.cli.local;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.supervision.RestartPolicy;

/**
 * Watches the platform's services and restarts one that exits unexpectedly, with the back-off
 * of the {@link RestartPolicy} the LSS uses for session services. Only the dead service is
 * restarted: the others reconnect to it by themselves (the database driver, log shipping and
 * the clients between services retry), so no dependency order needs restarting. A restart
 * that reaches ready ends the row of failures; after the policy's limit of failed restarts in
 * a row the supervisor gives up and the platform stops with that service's exit code.
 */
final class Supervisor {
    /** Starts a service and returns once it is ready, or once a stop of the platform was asked. */
    interface Launcher {
        /** @throws StartFailure when the service exited while starting or was not ready in time */
        SupervisedService launch(LocalLayout.LocalService service) throws StartFailure;
    }

    private static final Duration POLL = Duration.ofMillis(500);

    private final RestartPolicy policy;
    private final Launcher launcher;
    private final PrintStream out;
    private final Consumer<List<SupervisedService>> onRestart;
    private final Clock clock;
    private final List<SupervisedService> services;

    /**
     * @param services  the started services, in start order
     * @param onRestart told the services after each restart (their process ids changed)
     */
    Supervisor(
            List<SupervisedService> services,
            RestartPolicy policy,
            Launcher launcher,
            Consumer<List<SupervisedService>> onRestart,
            PrintStream out,
            Clock clock) {
        this.services = new ArrayList<>(services);
        this.policy = policy;
        this.launcher = launcher;
        this.onRestart = onRestart;
        this.out = out;
        this.clock = clock;
    }

    /** The services as they run now, in start order. */
    List<SupervisedService> services() {
        return List.copyOf(services);
    }

    /**
     * Watches until {@code stop} completes or a service cannot be brought back.
     *
     * @return 0 after a requested stop, else the exit code of the service that was given up
     */
    int watch(CompletableFuture<String> stop) {
        while (true) {
            Optional<String> reason = awaitStop(stop, POLL);
            if (reason.isPresent()) {
                out.println("stopping (" + reason.get() + ") ...");
                return ExitCode.OK.code();
            }
            for (int i = 0; i < services.size() && !stop.isDone(); i++) {
                if (!services.get(i).process().isAlive()) {
                    OptionalInt gaveUp = recover(i, stop);
                    if (gaveUp.isPresent()) {
                        return gaveUp.getAsInt();
                    }
                }
            }
        }
    }

    /** @return the code to stop the platform with, or empty when the service is back or a stop was asked */
    private OptionalInt recover(int index, CompletableFuture<String> stop) {
        SupervisedService dead = services.get(index);
        String name = dead.name();
        int code = dead.process().exitValue();
        out.println(name + " exited " + SupervisedService.exitDescription(code) + "; its last error: "
                + dead.lastError() + " (log: " + dead.log() + ")");
        int failed = 0;
        Instant lastStart = dead.started();
        while (true) {
            Optional<RestartPolicy.Restart> restart = policy.next(failed, lastStart, clock.instant());
            if (restart.isEmpty()) {
                out.println(name + " did not come back after " + failed + " restart" + (failed == 1 ? "" : "s")
                        + " in a row; stopping the platform");
                return OptionalInt.of(code == 0 ? ExitCode.INTERNAL_ERROR.code() : code);
            }
            Duration delay = restart.get().delay();
            out.printf(
                    "restarting %s in %.1f s (attempt %d of %d)%n",
                    name, delay.toMillis() / 1000.0, restart.get().number(), policy.limit());
            if (awaitStop(stop, delay).isPresent()) {
                return OptionalInt.empty();
            }
            long begin = System.nanoTime();
            lastStart = clock.instant();
            try {
                SupervisedService back = launcher.launch(dead.service());
                services.set(index, back);
                onRestart.accept(services());
                if (!stop.isDone()) {
                    out.printf("%s is back (ready in %.1f s)%n", name, (System.nanoTime() - begin) / 1e9);
                }
                return OptionalInt.empty();
            } catch (StartFailure e) {
                out.println("restart of " + name + " failed: " + e.getMessage());
                code = e.exitCode();
                failed = restart.get().number();
            }
        }
    }

    /** Waits up to {@code timeout} for a stop; its reason if one came. */
    private static Optional<String> awaitStop(CompletableFuture<String> stop, Duration timeout) {
        try {
            return Optional.of(stop.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the stop signal failed", e);
        }
    }
}
