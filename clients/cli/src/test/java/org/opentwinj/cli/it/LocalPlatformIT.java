package org.opentwinj.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.cli.OpenTwinCli;
import org.opentwinj.platform.exit.ExitCode;

/** `opentwin up`, `status` and `down` as a user runs them, in two terminals. */
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
        int code = OpenTwinCli.execute(args, environment, org.opentwinj.cli.it.Catalog.services(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new java.io.ByteArrayInputStream(new byte[0]));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int freeOffset() throws Exception {
        for (int offset = 20_000; offset < 37_000; offset += 97) {
            if (free(8089 + offset) && free(8090 + offset) && free(8092 + offset) && free(8095 + offset) && free(27018 + offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset");
    }

    /** Logs in as a thin client would: one-way TLS, trusting the platform's CA. */
    private static com.fasterxml.jackson.databind.JsonNode login(Path data, String authPort, String password) {
        var ca = org.opentwinj.platform.pki.pem.PemFiles.readCertificates(data.resolve("pki/ca.pem"));
        try (var thin = new org.opentwinj.platform.transport.client.ServiceClient(
                org.opentwinj.platform.transport.client.TrustOnlyTls.trusting(ca),
                org.opentwinj.platform.transport.client.ClientOptions.DEFAULT)) {
            return thin.callPublic(java.net.URI.create("https://127.0.0.1:" + authPort), "Login",
                    Map.of("username", "admin", "password", password), null);
        }
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            return probe.getLocalPort() == port;
        } catch (java.io.IOException busy) {
            return false;
        }
    }

    @Test
    void upStatusDownAndASecondRunKeepsTheCa() throws Exception {
        Path data = work.resolve("data");
        String offset = Integer.toString(freeOffset());
        String port = Integer.toString(8095 + Integer.parseInt(offset));

        try (OpenTwinProcess up = OpenTwinProcess.start(work, Map.of(), "up", "--data-dir", data.toString(), "--port-offset", offset)) {
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> up.stdout().contains("OpenTwin/J is up") || !up.isAlive());
            assertThat(up.stdout()).contains("created a certificate authority in " + data.resolve("pki"))
                    .containsPattern("starting echo \\.\\.\\. ready \\(\\d+\\.\\d s\\)")
                    .contains("echo       https://127.0.0.1:" + port)
                    .containsPattern("starting logger \\.\\.\\. ready")
                    .containsPattern("starting database \\.\\.\\. ready");
            byte[] ca = Files.readAllBytes(data.resolve("pki/ca.pem"));
            String password = up.stdout().replaceAll("(?s).*created user 'admin' with password (\\S+).*", "$1");
            assertThat(password).hasSize(20);
            String authPort = Integer.toString(8092 + Integer.parseInt(offset));
            assertThat(login(data, authPort, password).path("user").asText()).isEqualTo("admin");

            Outcome status = cli("status", "--data-dir", data.toString());
            assertThat(status.exitCode()).isZero();
            assertThat(status.out()).contains("running (pid " + up.pid()).containsPattern("echo +https://127.0.0.1:" + port + " +pid \\d+ +ready");

            // The CLI client: users, groups, a project shared with a group, seen by the other user.
            String dir = data.toString();
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", "wrong-password"), "login", "--data-dir", dir).err())
                    .contains("opentwin login: wrong user name or password");
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", password), "login", "--data-dir", dir).out()).contains("logged in as admin");
            assertThat(cli("groups", "create", "team", "--data-dir", dir).exitCode()).isZero();
            assertThat(cli(Map.of("OPEN_TWIN_NEW_PASSWORD", "bobs-secret-1"), "users", "create", "bob", "--data-dir", dir).exitCode()).isZero();
            assertThat(cli("groups", "add", "team", "bob", "--data-dir", dir).exitCode()).isZero();
            String project = cli("projects", "create", "Antenna", "--data-dir", dir).out().strip();
            assertThat(cli("projects", "share", project, "team", "--access", "write", "--data-dir", dir).exitCode()).isZero();
            assertThat(cli(Map.of("OPEN_TWIN_PASSWORD", "bobs-secret-1"), "login", "--user", "bob", "--data-dir", dir).exitCode()).isZero();
            assertThat(cli("projects", "list", "--data-dir", dir).out()).containsPattern(project + " +Antenna +admin +write");
            Outcome notAdmin = cli("users", "list", "--data-dir", dir);
            assertThat(notAdmin.exitCode()).isNotZero();
            assertThat(notAdmin.err()).startsWith("opentwin users list: ");
            assertThat(cli("logout", "--data-dir", dir).out()).contains("logged out");
            assertThat(cli("projects", "list", "--data-dir", dir).err()).contains("not logged in: run 'opentwin login' first");

            // Every service sends its records to the logger; `opentwin logs` reads them back.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    cli("logs", "--data-dir", data.toString(), "--service", "echo").out().contains("echo: echo ready at https://127.0.0.1:" + port));
            Outcome warnings = cli("logs", "--data-dir", data.toString(), "--level", "error", "--json");
            assertThat(warnings.exitCode()).isZero();
            assertThat(warnings.out()).as("no errors while starting").isEmpty();

            Outcome second = cli("up", "--data-dir", data.toString(), "--port-offset", offset);
            assertThat(second.exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION.code());
            assertThat(second.err()).contains("a platform already runs on " + data);

            Outcome down = cli("down", "--data-dir", data.toString());
            assertThat(down.exitCode()).isZero();
            assertThat(up.waitForExit(Duration.ofSeconds(60))).isZero();
            assertThat(up.stdout()).contains("stopped echo (exit code 0)");
            assertThat(Files.exists(data.resolve("run/platform.json"))).isFalse();
            try (ServerSocket free = new ServerSocket(Integer.parseInt(port))) {
                assertThat(free.getLocalPort()).as("the service's port is free again").isEqualTo(Integer.parseInt(port));
            }
            assertThat(cli("status", "--data-dir", data.toString()).exitCode()).isEqualTo(ExitCode.PEER_UNREACHABLE.code());
            assertThat(cli("logs", "--data-dir", data.toString()).err()).contains("the platform does not run");
            assertThat(Files.readString(data.resolve("logs/platform.jsonl"))).contains("echo ready at");

            try (OpenTwinProcess again = OpenTwinProcess.start(work, Map.of(), "up", "--data-dir", data.toString(), "--port-offset", offset)) {
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> again.stdout().contains("OpenTwin/J is up") || !again.isAlive());
                assertThat(again.isAlive()).as("second run is up: %s%s", again.stdout(), again.stderr()).isTrue();
                assertThat(again.stdout()).doesNotContain("created a certificate authority").doesNotContain("First run");
                assertThat(login(data, authPort, password).path("roles").toString()).contains("admin");
                assertThat(Files.readAllBytes(data.resolve("pki/ca.pem"))).isEqualTo(ca);
                again.terminate();
                assertThat(again.waitForExit(Duration.ofSeconds(60))).isZero();
            }
        }
    }

    @Test
    void aServiceThatCannotStartStopsUpWithItsExitCode() throws Exception {
        Path data = work.resolve("busy");
        String offset = Integer.toString(freeOffset());
        // The logger and the database start first; the echo service cannot bind its port.
        try (ServerSocket taken = new ServerSocket(8095 + Integer.parseInt(offset), 50, java.net.InetAddress.getByName("127.0.0.1"));
                OpenTwinProcess up = OpenTwinProcess.start(work, Map.of(), "up", "--data-dir", data.toString(), "--port-offset", offset)) {
            assertThat(up.waitForExit(Duration.ofSeconds(120))).isEqualTo(ExitCode.PORT_IN_USE.code());
            assertThat(up.stdout() + up.stderr()).contains("echo exited with code 4 while starting");
        }
    }
}
