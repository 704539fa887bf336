package org.opentwinj.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.supervision.RestartPolicy;

/** The supervisor with small real processes ({@code sleep}, {@code sh -c 'exit N'}) for services. */
class SupervisorTest {
    private static final LocalLayout.LocalService GSS = new LocalLayout.LocalService("gss", 1, 0);
    private static final LocalLayout.LocalService RELAY = new LocalLayout.LocalService("relay", 2, 0);
    private static final RestartPolicy NO_DELAY =
            new RestartPolicy(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10), 3);

    @TempDir
    Path directory;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final List<List<SupervisedService>> restarts = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> stop = new CompletableFuture<>();

    @AfterEach
    void killAll() {
        stop.complete("test over");
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aServiceThatDiesIsRestartedAloneAndTheStateFollows() throws Exception {
        SupervisedService gss = running(GSS);
        SupervisedService relay = running(RELAY);
        Supervisor supervisor = supervisor(List.of(gss, relay), NO_DELAY, service -> running(service));
        CompletableFuture<Integer> watched = CompletableFuture.supplyAsync(() -> supervisor.watch(stop));

        gss.process().destroyForcibly();

        await().until(() -> !restarts.isEmpty());
        List<SupervisedService> now = restarts.getFirst();
        assertThat(now).extracting(SupervisedService::name).containsExactly("gss", "relay");
        assertThat(now.get(0).process().pid()).isNotEqualTo(gss.process().pid());
        assertThat(now.get(0).process().isAlive()).isTrue();
        assertThat(now.get(1)).isSameAs(relay);
        await().until(() -> output().contains("gss is back (ready in "));
        assertThat(output())
                .contains(
                        "gss exited with code 137 (killed by signal 9); its last error: (no warning or error in its log)")
                .contains("restarting gss in 0.0 s (attempt 1 of 3)");

        stop.complete("Ctrl-C");
        assertThat(watched.get()).isZero();
        assertThat(output()).contains("stopping (Ctrl-C) ...");
    }

    @Test
    void givesUpAfterTheLimitOfFailedRestartsWithTheServicesExitCode() throws Exception {
        SupervisedService gss = exiting(GSS, 0);
        Files.writeString(
                gss.log(),
                "{\"level\":\"INFO\",\"message\":\"gss ready\"}\n"
                        + "{\"level\":\"ERROR\",\"message\":\"lost the database\"}\n"
                        + "{\"level\":\"INFO\",\"message\":\"closing\"}\n");
        List<Integer> attempts = new ArrayList<>();
        Supervisor supervisor = supervisor(List.of(gss), NO_DELAY, service -> {
            attempts.add(attempts.size() + 1);
            throw new StartFailure(4, "gss exited with code 4 while starting: port in use");
        });

        assertThat(supervisor.watch(stop)).isEqualTo(4);

        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(restarts).isEmpty();
        assertThat(output())
                .contains("gss exited with code 0; its last error: lost the database (log: " + gss.log() + ")")
                .contains("restarting gss in 0.0 s (attempt 1 of 3)")
                .contains("restarting gss in 0.0 s (attempt 3 of 3)")
                .contains("restart of gss failed: gss exited with code 4 while starting: port in use")
                .contains("gss did not come back after 3 restarts in a row; stopping the platform");
    }

    @Test
    void aLimitOfZeroStopsAtTheFirstDeathWithItsCode() throws Exception {
        SupervisedService gss = exiting(GSS, 3);
        Supervisor supervisor = supervisor(
                List.of(gss), new RestartPolicy(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10), 0), service -> {
                    throw new AssertionError("no restart with a limit of 0");
                });

        assertThat(supervisor.watch(stop)).isEqualTo(3);
        assertThat(output()).contains("gss did not come back after 0 restarts in a row");
    }

    @Test
    void aRestartThatReachedReadyStartsANewRow() throws Exception {
        SupervisedService gss = exiting(GSS, 2);
        Deque<Boolean> failNext = new ArrayDeque<>(List.of(true, false, true, false));
        Supervisor supervisor = supervisor(List.of(gss), NO_DELAY, service -> {
            if (failNext.isEmpty()) {
                return running(service);
            }
            if (failNext.pop()) {
                throw new StartFailure(2, "gss exited with code 2 while starting");
            }
            // Ready, then dies at once: its next restart is attempt 1 again.
            return exiting(service, 2);
        });
        CompletableFuture<Integer> watched = CompletableFuture.supplyAsync(() -> supervisor.watch(stop));

        await().until(() -> restarts.size() == 3);
        stop.complete("test over");
        assertThat(watched.get()).isZero();
        assertThat(output().split("attempt 2 of 3", -1)).hasSize(3);
        assertThat(output()).doesNotContain("attempt 3 of 3");
    }

    @Test
    void aStopDuringTheBackOffEndsTheWaitAndStartsNothing() throws Exception {
        SupervisedService gss = exiting(GSS, 1);
        Supervisor supervisor = supervisor(
                List.of(gss),
                new RestartPolicy(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(10), 3),
                service -> {
                    throw new AssertionError("no restart after a stop");
                });
        CompletableFuture<Integer> watched = CompletableFuture.supplyAsync(() -> supervisor.watch(stop));

        await().until(() -> output().contains("restarting gss in 3600.0 s (attempt 1 of 3)"));
        stop.complete("SIGTERM");
        assertThat(watched.get()).isZero();
    }

    private Supervisor supervisor(
            List<SupervisedService> services, RestartPolicy policy, Supervisor.Launcher launcher) {
        return new Supervisor(services, policy, launcher, restarts::add, out, Clock.systemUTC());
    }

    private SupervisedService running(LocalLayout.LocalService service) throws StartFailure {
        return started(service, List.of("sleep", "600"));
    }

    /** A process that exits with the code; returned once it has exited, as a dead service is seen. */
    private SupervisedService exiting(LocalLayout.LocalService service, int code) throws StartFailure {
        SupervisedService started = started(service, List.of("sh", "-c", "exit " + code));
        try {
            started.process().waitFor();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return started;
    }

    private SupervisedService started(LocalLayout.LocalService service, List<String> command) throws StartFailure {
        try {
            Path log = directory.resolve(service.name() + ".log");
            Process process = new ProcessBuilder(command).start();
            processes.add(process);
            return new SupervisedService(service, process, log, 0, Instant.now());
        } catch (IOException e) {
            throw new StartFailure(1, "cannot start " + command + ": " + e.getMessage());
        }
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
