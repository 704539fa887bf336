package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.cli.OpenTwinCli;
import org.opentwinj.cli.local.PlatformState;

/**
 * The done-when test of supervision: {@code opentwin up} with a session open and a client
 * sending messages through the relay; each global service in turn is killed with SIGKILL.
 * {@code up} restarts it (a new process), the session is RUNNING afterwards, and the client's
 * messages resume after a few failed ones, each failed with a reason. At the end {@code up}
 * itself is killed and {@code down} finds and stops everything it had started, the session's
 * services included.
 */
class GlobalServiceKillIT {
    /** Killed in this order: those others depend on least first. */
    private static final List<String> SERVICES = List.of("logger", "web", "auth", "relay", "gss", "database", "lss");
    /** Failed messages after a kill before one gets through: the client backs off to 2 s, a restart takes seconds. */
    private static final int MOST_FAILURES = 12;

    private static final String PASSWORD = "kill-test-password";

    @TempDir
    Path work;

    private record Outcome(int exitCode, String out, String err) {}

    /** One message of the client: sent at {@code start} (System.nanoTime), answered or failed. */
    private record Attempt(long start, boolean ok, String error) {}

    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final List<String> problems = new ArrayList<>();
    private final List<String> comeback = new ArrayList<>();

    @Test
    void everyGlobalServiceComesBackAndTheSessionAndItsClientGoOn() throws Exception {
        Path data = work.resolve("data");
        String dir = data.toString();
        String offset = Integer.toString(LocalPorts.freeOffset(23_011, 83));
        try (OpenTwinProcess up = OpenTwinProcess.start(
                work,
                Map.of("OPEN_TWIN_ADMIN_PASSWORD", PASSWORD),
                "up",
                "--data-dir",
                dir,
                "--port-offset",
                offset,
                "--restart-initial-delay-ms",
                "200")) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(180))
                    .until(() -> up.stdout().contains("stops everything.") || !up.isAlive());
            assertThat(up.isAlive()).as(up.stdout() + up.stderr()).isTrue();
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", PASSWORD), "login", "--data-dir", dir)
                            .exitCode())
                    .isZero();
            assertThat(cli("projects", "create", "Antenna", "--data-dir", dir).exitCode())
                    .isZero();
            Outcome open = cli("session", "open", "Antenna", "--data-dir", dir);
            assertThat(open.exitCode()).as(open.out() + open.err()).isZero();
            String session = open.out().replaceAll("(?s)^session (\\S+) for project.*", "$1");
            String gss = up.stdout().replaceAll("(?s).*\n  gss +(\\S+)\n.*", "$1");

            Thread client = Thread.ofPlatform().name("relay-client").start(() -> sendContinuously(session, dir));
            try {
                awaitSuccessAfter(System.nanoTime());
                for (String service : SERVICES) {
                    // Each service's case is checked to its end and its failure kept, so that one
                    // run shows every service that does not come back cleanly, and the down below still runs.
                    try {
                        killAndAwaitBack(up, data, service, session);
                    } catch (AssertionError | ConditionTimeoutException e) {
                        problems.add("after the kill of " + service + ": " + e.getMessage());
                    }
                }
                System.out.println("back after kill -9 (ready as up measured it): " + String.join(", ", comeback));
            } finally {
                sending.set(false);
                client.join(Duration.ofSeconds(60));
            }

            // up itself crashes: down finds what it started, the session's services included.
            // Log shipping reconnected: the LSS, which ran through the logger's restart, told it of the GSS's absence.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(cli("logs", "--service", "lss", "--data-dir", dir)
                                    .out())
                            .contains("the GSS at " + gss + " cannot be reached"));

            List<ProcessHandle> sessionServices = StandaloneServices.sessionProcesses(session);
            if (problems.isEmpty()) {
                assertThat(sessionServices).as("model and echo").hasSize(2);
            }
            List<ProcessHandle> started = new ArrayList<>(sessionServices);
            PlatformState state =
                    PlatformState.read(data.resolve("run/platform.json")).orElseThrow();
            state.services().forEach(s -> s.process().ifPresent(started::add));
            assertThat(started).hasSize(SERVICES.size() + sessionServices.size());
            up.kill();
            assertThat(started).allMatch(ProcessHandle::isAlive);
            Outcome down = cli("down", "--data-dir", dir);
            assertThat(down.exitCode()).as(down.err()).isZero();
            assertThat(down.out())
                    .contains(started.size() + " processes of the platform still run without 'up':")
                    .contains("stopping lss (pid ")
                    .contains("stopping database (pid ");
            if (!sessionServices.isEmpty()) {
                assertThat(down.out()).contains("stopping session service (pid ");
            }
            assertThat(started).noneMatch(ProcessHandle::isAlive);
            assertThat(cli("down", "--data-dir", dir).out()).startsWith("not running");
        }
        assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
    }

    /** Kills the service, waits until up has it back and checks what the session and its client saw. */
    private void killAndAwaitBack(OpenTwinProcess up, Path data, String service, String session) throws Exception {
        int backBefore = count(up.stdout(), service + " is back (ready in ");
        long oldPid = pidOf(data, service);
        long killed = System.nanoTime();
        ProcessHandle.of(oldPid).orElseThrow().destroyForcibly();

        Awaitility.await()
                .atMost(Duration.ofSeconds(180))
                .until(() -> count(up.stdout(), service + " is back (ready in ") > backBefore || !up.isAlive());
        assertThat(up.isAlive())
                .as("up runs on after %s died:%n%s", service, up.stdout())
                .isTrue();
        assertThat(up.stdout())
                .contains(service + " exited with code 137 (killed by signal 9); its last error: ")
                .contains("restarting " + service + " in 0.2 s (attempt 1 of 5)");
        long newPid = pidOf(data, service);
        assertThat(newPid).as("%s restarted by up", service).isNotEqualTo(oldPid);
        assertThat(ProcessHandle.of(newPid)).isPresent();
        String back = up.stdout().split(service + " is back \\(ready in ", -1)[backBefore + 1];
        comeback.add(service + " " + back.substring(0, back.indexOf(')')));

        Attempt resumed = awaitSuccessAfter(killed);
        List<Attempt> failed = attempts.stream()
                .filter(a -> a.start() >= killed && a.start() < resumed.start() && !a.ok())
                .toList();
        assertThat(failed)
                .as("messages failed after the kill of %s: %s", service, failed)
                .hasSizeLessThanOrEqualTo(MOST_FAILURES)
                .allSatisfy(a -> assertThat(a.error())
                        .startsWith("opentwin session send: ")
                        .hasSizeGreaterThan(30));
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(cli("session", "show", session, "--data-dir", data.toString())
                                .out())
                        .as("the session after the kill of %s", service)
                        .contains("state: RUNNING"));
        System.out.println("after the kill of " + service + ": " + failed.size() + " failed messages "
                + failed.stream().map(Attempt::error).distinct().toList());
    }

    private Attempt awaitSuccessAfter(long nanos) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(180))
                .untilAsserted(() -> assertThat(attempts.stream().anyMatch(a -> a.ok() && a.start() > nanos))
                        .as("a message through after the kill; the last failures: %s", lastErrors())
                        .isTrue());
        return attempts.stream()
                .filter(a -> a.ok() && a.start() > nanos)
                .findFirst()
                .orElseThrow();
    }

    private List<String> lastErrors() {
        return attempts.stream().filter(a -> !a.ok()).map(Attempt::error).toList().reversed().stream()
                .limit(3)
                .toList();
    }

    /** A client that reconnects: a message every 200 ms, backing off up to 2 s after failures. */
    private void sendContinuously(String session, String dir) {
        long backOff = 250;
        for (int n = 0; sending.get(); n++) {
            long start = System.nanoTime();
            Outcome sent = cli(
                    "session",
                    "send",
                    session,
                    "echo",
                    "{\"action\":\"Echo\",\"message\":\"m" + n + "\"}",
                    "--timeout",
                    "20",
                    "--data-dir",
                    dir);
            boolean ok = sent.exitCode() == 0 && sent.out().contains("\"message\":\"m" + n + "\"");
            attempts.add(new Attempt(start, ok, ok ? "" : sent.err().strip()));
            try {
                Thread.sleep(ok ? 200 : backOff);
            } catch (InterruptedException e) {
                return;
            }
            backOff = ok ? 250 : Math.min(2000, backOff * 2);
        }
    }

    private static long pidOf(Path data, String service) {
        return PlatformState.read(data.resolve("run/platform.json")).orElseThrow().services().stream()
                .filter(s -> s.name().equals(service))
                .findFirst()
                .orElseThrow()
                .pid();
    }

    private static int count(String text, String fragment) {
        return text.split(Pattern.quote(fragment), -1).length - 1;
    }

    private Outcome cli(String... args) {
        return cli(Map.of(), args);
    }

    private static Outcome cli(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpenTwinCli.execute(
                args,
                environment,
                Catalog.services(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
