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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpenTwinCli.execute(args, Map.of(), org.opentwinj.cli.it.Catalog.services(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int freeOffset() throws Exception {
        for (int offset = 20_000; offset < 40_000; offset += 97) {
            try (ServerSocket probe = new ServerSocket(8095 + offset)) {
                return offset;
            } catch (java.io.IOException busy) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port offset");
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
                    .contains("echo       https://127.0.0.1:" + port);
            byte[] ca = Files.readAllBytes(data.resolve("pki/ca.pem"));

            Outcome status = cli("status", "--data-dir", data.toString());
            assertThat(status.exitCode()).isZero();
            assertThat(status.out()).contains("running (pid " + up.pid()).containsPattern("echo +https://127.0.0.1:" + port + " +pid \\d+ +ready");

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

            try (OpenTwinProcess again = OpenTwinProcess.start(work, Map.of(), "up", "--data-dir", data.toString(), "--port-offset", offset)) {
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> again.stdout().contains("OpenTwin/J is up") || !again.isAlive());
                assertThat(again.stdout()).doesNotContain("created a certificate authority");
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
        try (ServerSocket taken = new ServerSocket(8095 + Integer.parseInt(offset), 50, java.net.InetAddress.getByName("127.0.0.1"));
                OpenTwinProcess up = OpenTwinProcess.start(work, Map.of(), "up", "--data-dir", data.toString(), "--port-offset", offset)) {
            assertThat(up.waitForExit(Duration.ofSeconds(120))).isEqualTo(ExitCode.PORT_IN_USE.code());
            assertThat(up.stdout() + up.stderr()).contains("echo exited with code 4 while starting");
        }
    }
}
