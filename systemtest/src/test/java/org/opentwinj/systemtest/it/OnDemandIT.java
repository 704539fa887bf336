package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.cli.OpenTwinCli;

/**
 * A session of the built-in type {@code on-demand} on {@code opentwin up}: only its Model starts
 * with it; the first message for echo, through the relay, starts echo (GSS {@code Session.Demand},
 * LSS {@code Service.Demand}) and is answered once echo runs; idle, echo stops, and the next
 * message starts it again.
 */
class OnDemandIT {
    @TempDir
    Path work;

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome cli(Map<String, String> environment, String... args) {
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

    private Outcome cli(String... args) {
        return cli(Map.of(), args);
    }

    private Outcome send(String session, String message, String dir) {
        return cli(
                "session",
                "send",
                session,
                "echo",
                "{\"action\":\"Echo\",\"message\":\"" + message + "\"}",
                "--data-dir",
                dir);
    }

    @Test
    void theFirstMessageForAnOnDemandServiceStartsItAndAnIdleOneStops() throws Exception {
        Path data = work.resolve("data");
        String dir = data.toString();
        String offset = Integer.toString(LocalPorts.freeOffset(21_000, 97));
        // Idle after 3 s, seen by pings every 500 ms: the test need not wait 10 minutes. No warm
        // pool: the test finds echo's process by the session and service in its arguments, which
        // a pooled JVM (started before it had either) does not have.
        Map<String, String> environment = Map.of(
                "OPEN_TWIN_IDLE_STOP_MS", "3000", "OPEN_TWIN_HEALTH_INTERVAL_MS", "500", "OPEN_TWIN_POOL_SIZE", "0");
        try (OpenTwinProcess up =
                OpenTwinProcess.start(work, environment, "up", "--data-dir", dir, "--port-offset", offset)) {
            // Generous: seven JVMs start on a 2-core machine that other builds may keep busy.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(300))
                    .until(() -> up.stdout().contains("stops everything.") || !up.isAlive());
            assertThat(up.stdout()).as(up.stdout() + up.stderr()).contains("stops everything.");
            String password = up.stdout().replaceAll("(?s).*created user 'admin' with password (\\S+).*", "$1");
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", password), "login", "--data-dir", dir)
                            .exitCode())
                    .isZero();
            assertThat(cli("projects", "create", "Horn", "--data-dir", dir).exitCode())
                    .isZero();

            Outcome open = cli("session", "open", "Horn", "--type", "on-demand", "--data-dir", dir);
            assertThat(open.exitCode()).as(open.err()).isZero();
            assertThat(open.out())
                    .contains("accepted by this LSS; starting 1 services (1 more on demand)")
                    .containsPattern("model ready \\(\\d+\\.\\d s\\)")
                    .doesNotContain("starting echo")
                    .contains("is running");
            String session = open.out().replaceAll("(?s)^session (\\S+) for project.*", "$1");
            assertThat(StandaloneServices.sessionProcesses(session, "echo")).isEmpty();
            assertThat(StandaloneServices.sessionProcesses(session)).hasSize(1);

            // The first message starts echo and is answered by it.
            Outcome first = send(session, "wake up", dir);
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("\"message\":\"wake up\"");
            List<ProcessHandle> echo = StandaloneServices.sessionProcesses(session, "echo");
            assertThat(echo).hasSize(1);
            Outcome shown = cli("session", "show", session, "--data-dir", dir);
            assertThat(shown.out())
                    .contains("starting echo on demand")
                    .containsPattern("echo started on demand \\(\\d+\\.\\d s\\)")
                    .contains("state: RUNNING");

            // Idle for 3 s: echo stops; the session runs on.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() ->
                            StandaloneServices.sessionProcesses(session, "echo").isEmpty());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> cli("session", "show", session, "--data-dir", dir)
                            .out()
                            .contains("stopping echo: idle for 3.0 s; it starts again when next demanded"));
            assertThat(cli("session", "show", session, "--data-dir", dir).out()).contains("state: RUNNING");

            // The next message starts it again.
            Outcome again = send(session, "again", dir);
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("\"message\":\"again\"");
            assertThat(StandaloneServices.sessionProcesses(session, "echo"))
                    .hasSize(1)
                    .noneMatch(p -> p.pid() == echo.getFirst().pid());

            Outcome closed = cli("session", "close", session, "--data-dir", dir);
            assertThat(closed.out()).contains("session " + session + " is CLOSED");
            // Close returns once the session is over; its processes exit in the background.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> StandaloneServices.sessionProcesses(session).isEmpty());
        }
    }
}
