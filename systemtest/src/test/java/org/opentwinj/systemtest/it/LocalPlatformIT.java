package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.cli.OpenTwinCli;
import org.opentwinj.platform.exit.ExitCode;

/**
 * The local level as a user runs it, in two terminals: {@code opentwin up}, then the CLI
 * against it (users, groups, a shared project, a session with a message through the relay,
 * a crashed session service restarted, close), {@code status}, {@code logs}, {@code down},
 * and a second {@code up} that keeps everything.
 */
class LocalPlatformIT {
    @TempDir
    Path work;

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome cli(String... args) {
        return cli(Map.of(), args);
    }

    private Outcome cli(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpenTwinCli.execute(
                args,
                environment,
                org.opentwinj.systemtest.it.Catalog.services(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new java.io.ByteArrayInputStream(new byte[0]));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Logs in as a thin client would: one-way TLS, trusting the platform's CA. */
    private static com.fasterxml.jackson.databind.JsonNode login(Path data, String authPort, String password) {
        var ca = org.opentwinj.platform.pki.pem.PemFiles.readCertificates(data.resolve("pki/ca.pem"));
        try (var thin = new org.opentwinj.platform.transport.client.ServiceClient(
                org.opentwinj.platform.transport.client.TrustOnlyTls.trusting(ca),
                org.opentwinj.platform.transport.client.ClientOptions.DEFAULT)) {
            return thin.callPublic(
                    java.net.URI.create("https://127.0.0.1:" + authPort),
                    "Login",
                    Map.of("username", "admin", "password", password),
                    null);
        }
    }

    /** The last line of up's summary: wait for it, not the first, before reading the URLs above it. */
    private static final String SUMMARY_END = "stops everything.";

    @Test
    void upStatusDownAndASecondRunKeepsTheCa() throws Exception {
        Path data = work.resolve("data");
        String offset = Integer.toString(LocalPorts.freeOffset(20_000, 97));
        String port = Integer.toString(8093 + Integer.parseInt(offset));
        // Restarts of crashed session services come quickly here, so the test need not wait 10 s.
        Map<String, String> environment = Map.of("OPEN_TWIN_RESTART_INITIAL_DELAY_MS", "300");

        try (OpenTwinProcess up = OpenTwinProcess.start(
                work, environment, "up", "--data-dir", data.toString(), "--port-offset", offset)) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> up.stdout().contains(SUMMARY_END) || !up.isAlive());
            assertThat(up.stdout())
                    .contains("created a certificate authority in " + data.resolve("pki"))
                    .containsPattern("lss ready \\(\\d+\\.\\d s\\)")
                    .contains("lss        https://127.0.0.1:" + port)
                    .contains("starting logger ...", "logger ready (")
                    .contains("starting database ...", "database ready (");
            byte[] ca = Files.readAllBytes(data.resolve("pki/ca.pem"));
            String password = up.stdout().replaceAll("(?s).*created user 'admin' with password (\\S+).*", "$1");
            assertThat(password).hasSize(20);
            String authPort = Integer.toString(8092 + Integer.parseInt(offset));
            assertThat(login(data, authPort, password).path("user").asText()).isEqualTo("admin");

            Outcome status = cli("status", "--data-dir", data.toString());
            assertThat(status.exitCode()).isZero();
            assertThat(status.out())
                    .contains("running (pid " + up.pid())
                    .containsPattern("lss +https://127.0.0.1:" + port + " +pid \\d+ +ready");

            // The CLI client: users, groups, a project shared with a group, seen by the other user.
            String dir = data.toString();
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", "wrong-password"), "login", "--data-dir", dir)
                            .err())
                    .contains("opentwin login: wrong user name or password");
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", password), "login", "--data-dir", dir)
                            .out())
                    .contains("logged in as admin");
            assertThat(cli("groups", "create", "team", "--data-dir", dir).exitCode())
                    .isZero();
            assertThat(cli(
                                    Map.of("OPEN_TWIN_NEW_PASSWORD", "bobs-secret-1"),
                                    "users",
                                    "create",
                                    "bob",
                                    "--data-dir",
                                    dir)
                            .exitCode())
                    .isZero();
            assertThat(cli("groups", "add", "team", "bob", "--data-dir", dir).exitCode())
                    .isZero();
            String project = cli("projects", "create", "Antenna", "--data-dir", dir)
                    .out()
                    .strip();
            assertThat(cli("projects", "share", project, "team", "--access", "write", "--data-dir", dir)
                            .exitCode())
                    .isZero();
            assertThat(cli(
                                    Map.of("OPEN_TWIN_NEW_PASSWORD", "carols-secret"),
                                    "users",
                                    "create",
                                    "carol",
                                    "--data-dir",
                                    dir)
                            .exitCode())
                    .isZero();
            // The admin role granted and taken back.
            assertThat(cli("users", "admin", "carol", "--data-dir", dir).exitCode())
                    .isZero();
            assertThat(cli("users", "list", "--data-dir", dir).out())
                    .containsPattern("carol +\\[\"user\",\"admin\"\\]|carol +.*admin");
            assertThat(cli("users", "admin", "carol", "--revoke", "--data-dir", dir)
                            .exitCode())
                    .isZero();
            assertThat(cli("users", "list", "--data-dir", dir).out()).doesNotContainPattern("carol +.*admin");
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", "bobs-secret-1"), "login", "--user", "bob", "--data-dir", dir)
                            .exitCode())
                    .isZero();
            assertThat(cli("projects", "list", "--data-dir", dir).out())
                    .containsPattern(project + " +Antenna +admin +write");
            Outcome notAdmin = cli("users", "list", "--data-dir", dir);
            assertThat(notAdmin.exitCode()).isEqualTo(ExitCode.REQUEST_REFUSED.code());
            assertThat(notAdmin.err()).startsWith("opentwin users list: ");

            // Bob opens the shared project: the LSS starts its service as a process, which confirms.
            Outcome open = cli("session", "open", "Antenna", "--data-dir", dir);
            assertThat(open.exitCode()).as(open.err()).isZero();
            assertThat(open.out())
                    .contains("queued")
                    .containsPattern("starting echo\\n")
                    .containsPattern("echo ready \\(\\d+\\.\\d s\\)")
                    .contains("is running")
                    .containsPattern("relay: wss://127.0.0.1:\\d+/relay\\?session=");
            String session = open.out().replaceAll("(?s)^session (\\S+) for project.*", "$1");
            assertThat(cli("session", "open", project, "--data-dir", dir).err())
                    .contains("is already open in your session " + session);

            // The project's model through the relay: an entity added, seen, undone, exported and imported.
            Outcome put = cli(
                    "model",
                    "put",
                    "Antenna",
                    "--type",
                    "geometry",
                    "--name",
                    "Box",
                    "--properties",
                    "{\"size\":[1,2,3]}",
                    "-m",
                    "a box",
                    "--data-dir",
                    dir);
            assertThat(put.exitCode()).as(put.err()).isZero();
            assertThat(put.out()).startsWith("version 1: ");
            assertThat(cli("model", "entities", "Antenna", "--data-dir", dir).out())
                    .containsPattern("geometry +Box");
            assertThat(cli("model", "history", "Antenna", "--data-dir", dir).out())
                    .containsPattern("\\* +1 .* bob +a box");
            assertThat(cli("model", "undo", "Antenna", "--data-dir", dir).out()).contains("at version 0");
            assertThat(cli("model", "entities", "Antenna", "--data-dir", dir).out())
                    .isEmpty();
            assertThat(cli("model", "redo", "Antenna", "--data-dir", dir).out()).contains("at version 1");
            // A second version, compared with the first, a label, and back to the first (the next save would branch).
            Outcome feed = cli(
                    "model",
                    "put",
                    "Antenna",
                    "--type",
                    "geometry",
                    "--name",
                    "Feed",
                    "-m",
                    "a feed",
                    "--data-dir",
                    dir);
            assertThat(feed.out()).as(feed.err()).startsWith("version 2: ");
            assertThat(cli("model", "diff", "Antenna", "1", "2", "--data-dir", dir)
                            .out())
                    .containsPattern("(?m)^\\+ \\S+$");
            Outcome labelled = cli("model", "label", "Antenna", "1", "boxed", "--data-dir", dir);
            assertThat(labelled.exitCode()).as(labelled.err()).isZero();
            assertThat(cli("model", "checkout", "Antenna", "1", "--data-dir", dir)
                            .out())
                    .contains("at version 1");
            assertThat(cli("model", "history", "Antenna", "--data-dir", dir).out())
                    .containsPattern("\\* +1 .* bob +a box +\\[\"boxed\"\\]")
                    .containsPattern("(?m)^ +2 .* bob +a feed$");
            Path archive = work.resolve("antenna.zip");
            assertThat(cli("model", "export", "Antenna", archive.toString(), "--data-dir", dir)
                            .out())
                    .contains("exported project " + project);
            Outcome imported = cli("model", "import", archive.toString(), "--name", "Antenna copy", "--data-dir", dir);
            assertThat(imported.exitCode()).as(imported.err()).isZero();
            String copy = imported.out().strip();
            // `logs --follow` shows what happens after it started, live, until it is stopped.
            try (OpenTwinProcess follow =
                    OpenTwinProcess.start(work, Map.of(), "logs", "--follow", "--service", "lss", "--data-dir", dir)) {
                Outcome copyOpened = cli("session", "open", copy, "--type", "model", "--data-dir", dir);
                assertThat(copyOpened.exitCode())
                        .as(copyOpened.out() + copyOpened.err())
                        .isZero();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> follow.stdout().contains("of project " + copy + " for bob is running"));
                assertThat(follow.stdout()).doesNotContain("gss: ");
                follow.terminate();
                assertThat(follow.waitForExit(Duration.ofSeconds(30))).isZero();
            }
            assertThat(cli("model", "history", copy, "--data-dir", dir).out()).containsPattern("\\* +1 .* bob +a box");
            assertThat(cli("projects", "delete", copy, "--data-dir", dir).out()).contains("deleted project " + copy);
            assertThat(cli("projects", "list", "--data-dir", dir).out()).doesNotContain(copy);
            // A damaged archive: refused with its reason, and no half-made project is left.
            Path damaged = work.resolve("damaged.zip");
            java.nio.file.Files.writeString(damaged, "not a zip file");
            Outcome refusedImport =
                    cli("model", "import", damaged.toString(), "--name", "Damaged copy", "--data-dir", dir);
            assertThat(refusedImport.exitCode()).as("a damaged input file").isEqualTo(2);
            assertThat(refusedImport.err()).contains("not a model archive");
            assertThat(cli("projects", "list", "--data-dir", dir).out()).doesNotContain("Damaged copy");

            // A message through the relay to the session's service, on bob's behalf.
            Outcome sent = cli(
                    "session",
                    "send",
                    session,
                    "echo",
                    "{\"action\":\"Echo\",\"message\":\"hello\"}",
                    "--data-dir",
                    dir);
            assertThat(sent.exitCode()).as(sent.err()).isZero();
            assertThat(sent.out())
                    .contains("\"message\":\"hello\"")
                    .contains("\"caller\":\"user bob via service CN=relay\"");

            // kill -9 of the session's service: the LSS restarts it on the same port.
            assertThat(StandaloneServices.sessionProcesses(session))
                    .as("model and echo")
                    .hasSize(2);
            java.util.List<ProcessHandle> echo = StandaloneServices.sessionProcesses(session, "echo");
            assertThat(echo).hasSize(1);
            echo.getFirst().destroyForcibly();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> cli("session", "show", session, "--data-dir", dir)
                            .out()
                            .contains("running again"));
            Outcome shown = cli("session", "show", session, "--data-dir", dir);
            assertThat(shown.out())
                    .contains("echo exited with code 137 (signal 9) unexpectedly; restarting in 0.3 s (restart 1 of 5)")
                    .contains("state: RUNNING");
            java.util.List<ProcessHandle> restarted = StandaloneServices.sessionProcesses(session, "echo");
            assertThat(restarted)
                    .hasSize(1)
                    .noneMatch(p -> p.pid() == echo.getFirst().pid());
            assertThat(cli(
                                    "session",
                                    "send",
                                    session,
                                    "echo",
                                    "{\"action\":\"Echo\",\"message\":\"again\"}",
                                    "--data-dir",
                                    dir)
                            .out())
                    .contains("\"message\":\"again\"");
            int echoPort =
                    Integer.parseInt(shown.out().replaceAll("(?s).*echo +READY +https://127.0.0.1:(\\d+).*", "$1"));
            int modelPort =
                    Integer.parseInt(shown.out().replaceAll("(?s).*model +READY +https://127.0.0.1:(\\d+).*", "$1"));

            // Closing stops the process and frees its port.
            Outcome closed = cli("session", "close", session, "--data-dir", dir);
            // Close returns once the session is over; its processes exit in the background.
            assertThat(closed.out()).contains("session " + session + " is CLOSED");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> StandaloneServices.sessionProcesses(session).isEmpty());
            assertThat(LocalPorts.free(echoPort))
                    .as("the echo service's port is free")
                    .isTrue();
            assertThat(LocalPorts.free(modelPort))
                    .as("the model service's port is free")
                    .isTrue();
            assertThat(cli("session", "list", "--data-dir", dir).out()).doesNotContain(session);
            assertThat(cli("session", "list", "--all", "--data-dir", dir).out())
                    .containsPattern(session + " .* CLOSED");

            // Carol is in no group: the project is not hers to open.
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", "carols-secret"), "login", "--user", "carol", "--data-dir", dir)
                            .exitCode())
                    .isZero();
            Outcome refused = cli("session", "open", project, "--data-dir", dir);
            assertThat(refused.exitCode()).isEqualTo(ExitCode.REQUEST_REFUSED.code());
            assertThat(refused.err())
                    .isEqualTo("opentwin session open: you have no access to project '" + project + "'\n");
            // A forged token is refused by every service.
            Path stored = data.resolve("client/login.json");
            String login = Files.readString(stored);
            Files.writeString(
                    stored,
                    login.replaceAll(
                            "\"accessToken\":\"[^\"]+\"", "\"accessToken\":\"eyJhbGciOiJFUzI1NiJ9.e30.AAAA\""));
            assertThat(cli("session", "list", "--data-dir", dir).err())
                    .isEqualTo("opentwin session list: token signature invalid\n");
            assertThat(cli("logout", "--data-dir", dir).exitCode()).isEqualTo(ExitCode.REQUEST_REFUSED.code());
            Files.delete(stored);
            assertThat(cli("projects", "list", "--data-dir", dir).err())
                    .contains("not logged in: run 'opentwin login' first");

            // Every service sends its records to the logger; `opentwin logs` reads them back.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> cli("logs", "--data-dir", data.toString(), "--service", "lss")
                            .out()
                            .contains("lss: lss ready at https://127.0.0.1:" + port));
            assertThat(cli("logs", "--data-dir", dir, "--session", session).out())
                    .contains("confirmed to the LSS");
            Outcome warnings = cli("logs", "--data-dir", data.toString(), "--level", "error", "--json");
            assertThat(warnings.exitCode()).isZero();
            assertThat(warnings.out()).as("no errors while starting").isEmpty();

            Outcome second = cli("up", "--data-dir", data.toString(), "--port-offset", offset);
            assertThat(second.exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION.code());
            assertThat(second.err()).contains("a platform already runs on " + data);

            Outcome down = cli("down", "--data-dir", data.toString());
            assertThat(down.exitCode()).isZero();
            assertThat(up.waitForExit(Duration.ofSeconds(60))).isZero();
            assertThat(up.stdout()).contains("stopped lss (exit code 0)");
            assertThat(Files.exists(data.resolve("run/platform.json"))).isFalse();
            try (ServerSocket free = new ServerSocket(Integer.parseInt(port))) {
                assertThat(free.getLocalPort())
                        .as("the service's port is free again")
                        .isEqualTo(Integer.parseInt(port));
            }
            assertThat(cli("status", "--data-dir", data.toString()).exitCode())
                    .isEqualTo(ExitCode.PEER_UNREACHABLE.code());
            assertThat(cli("logs", "--data-dir", data.toString()).err()).contains("the platform does not run");
            assertThat(Files.readString(data.resolve("logs/platform.jsonl"))).contains("lss ready at");

            try (OpenTwinProcess again = OpenTwinProcess.start(
                    work, Map.of(), "up", "--data-dir", data.toString(), "--port-offset", offset)) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(120))
                        .until(() -> again.stdout().contains(SUMMARY_END) || !again.isAlive());
                assertThat(again.isAlive())
                        .as("second run is up: %s%s", again.stdout(), again.stderr())
                        .isTrue();
                assertThat(again.stdout())
                        .doesNotContain("created a certificate authority")
                        .doesNotContain("First run");
                assertThat(login(data, authPort, password).path("roles").toString())
                        .contains("admin");
                // Users and projects are kept: bob logs in and finds the shared project.
                assertThat(cli(
                                        Map.of("OPEN_TWIN_PASSWORD", "bobs-secret-1"),
                                        "login",
                                        "--user",
                                        "bob",
                                        "--data-dir",
                                        dir)
                                .exitCode())
                        .isZero();
                assertThat(cli("projects", "list", "--data-dir", dir).out())
                        .containsPattern(project + " +Antenna +admin +write");
                assertThat(Files.readAllBytes(data.resolve("pki/ca.pem"))).isEqualTo(ca);
                Outcome reopened = cli("session", "open", project, "--data-dir", dir);
                assertThat(reopened.exitCode())
                        .as(reopened.out() + reopened.err())
                        .isZero();
                String running = reopened.out().replaceAll("(?s)^session (\\S+) for project.*", "$1");
                assertThat(StandaloneServices.sessionProcesses(running)).isNotEmpty();

                // Ctrl-C at the terminal: SIGINT to every process of the foreground group at once.
                // up stops the services in order (the LSS closes its session first); none stops on its own.
                List<String> interrupt = new java.util.ArrayList<>(List.of("kill", "-INT", Long.toString(again.pid())));
                ProcessHandle.of(again.pid())
                        .orElseThrow()
                        .descendants()
                        .forEach(p -> interrupt.add(Long.toString(p.pid())));
                assertThat(new ProcessBuilder(interrupt).inheritIO().start().waitFor())
                        .isZero();
                assertThat(again.waitForExit(Duration.ofSeconds(90)))
                        .as(again.stdout())
                        .isZero();
                assertThat(again.stdout()).contains("stopped lss (exit code 0)").contains("stopped gss (exit code 0)");
                assertThat(StandaloneServices.sessionProcesses(running))
                        .as("the session's services are stopped")
                        .isEmpty();
                assertThat(Files.readString(data.resolve("logs/lss.log")))
                        .as("the LSS stopped its session cleanly")
                        .contains(running)
                        .doesNotContain("\"level\":\"ERROR\"");
            }
        }
    }

    @Test
    void aServiceThatCannotStartStopsUpWithItsExitCode() throws Exception {
        Path data = work.resolve("busy");
        String offset = Integer.toString(LocalPorts.freeOffset(20_000, 97));
        // The other services start first; the LSS cannot bind its port.
        try (ServerSocket taken = new ServerSocket(
                        8093 + Integer.parseInt(offset), 50, java.net.InetAddress.getByName("127.0.0.1"));
                OpenTwinProcess up = OpenTwinProcess.start(
                        work, Map.of(), "up", "--data-dir", data.toString(), "--port-offset", offset)) {
            assertThat(up.waitForExit(Duration.ofSeconds(120))).isEqualTo(ExitCode.PORT_IN_USE.code());
            assertThat(up.stdout() + up.stderr()).contains("lss exited with code 4 while starting");
        }
    }
}
