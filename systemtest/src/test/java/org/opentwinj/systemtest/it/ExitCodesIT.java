package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.echo.EchoService;

/** Every documented exit code, each shown by a real process with its message. */
class ExitCodesIT {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private TestCertificates pki;

    @BeforeEach
    void certificates() {
        pki = new TestCertificates(work);
        pki.issue("echo", "localhost", "127.0.0.1");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String[] echo(int port, String... more) {
        return service("echo", port, more);
    }

    private String[] service(String name, int port, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "run",
                name,
                "--service-url",
                "https://localhost:" + port,
                "--cert",
                pki.cert("echo").toString(),
                "--key",
                pki.key("echo").toString(),
                "--ca",
                pki.caFile().toString(),
                "--shutdown-grace-ms",
                "5000"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private OpenTwinProcess startAndAwaitReady(String... args) throws Exception {
        OpenTwinProcess process = OpenTwinProcess.start(work, Map.of(), args);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> process.logged("echo ready at") || !process.isAlive());
        assertThat(process.isAlive())
                .as("service started; stdout:%n%s", process.stdout())
                .isTrue();
        return process;
    }

    @Test
    void sigtermIsACleanStopThatFinishesTheRequestInFlight() throws Exception {
        int port = freePort();
        try (OpenTwinProcess process = startAndAwaitReady(echo(port));
                ServiceClient client = new ServiceClient(pki.material("echo").clientContext(), ClientOptions.DEFAULT)) {
            URI url = URI.create("https://localhost:" + port);
            // One quick call first, so that the slow one goes over the connection it leaves open:
            // a freshly started JVM's first TLS handshake can take longer than the wait below on a
            // loaded machine, and a handshake still running at SIGTERM is refused, not in flight.
            assertThat(client.call(url, "Echo", new EchoService.EchoRequest("warm", null))
                            .path("message")
                            .asText())
                    .isEqualTo("warm");
            CompletableFuture<JsonNode> slow = CompletableFuture.supplyAsync(
                    () -> client.call(url, "Echo", new EchoService.EchoRequest("still here", 1500)));
            Thread.sleep(500);

            process.terminate();

            assertThat(slow.get().path("message").asText()).isEqualTo("still here");
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.OK.code());
            assertThat(process.stdout()).contains("stopping: SIGTERM");
        }
    }

    @Test
    void shutdownRequestOverMutualTlsIsACleanStop() throws Exception {
        int port = freePort();
        try (OpenTwinProcess process = startAndAwaitReady(echo(port));
                ServiceClient client = new ServiceClient(pki.material("echo").clientContext(), ClientOptions.DEFAULT)) {
            client.requestShutdown(URI.create("https://localhost:" + port));

            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.OK.code());
            assertThat(process.stdout()).contains("stopping: shutdown requested by CN=echo");
        }
    }

    @Test
    void urlWithoutPortIsAConfigurationError() throws Exception {
        try (OpenTwinProcess process =
                OpenTwinProcess.start(work, Map.of(), "run", "echo", "--service-url", "https://localhost")) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.INVALID_CONFIGURATION.code());
            assertThat(process.stderr().strip())
                    .isEqualTo("opentwin run echo: invalid value 'https://localhost' for --service-url: "
                            + "the URL has no port (write it as https://localhost:PORT)");
            assertThat(process.logLines()).anySatisfy(line -> {
                assertThat(line.path("level").asText()).isEqualTo("ERROR");
                assertThat(line.path("message").asText()).contains("INVALID_CONFIGURATION");
            });
        }
    }

    @Test
    void unparsableUrlFromTheEnvironmentIsAConfigurationErrorNamingTheVariable() throws Exception {
        try (OpenTwinProcess process =
                OpenTwinProcess.start(work, Map.of("OPEN_TWIN_SERVICE_URL", "https://exa mple:1"), "run", "echo")) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.INVALID_CONFIGURATION.code());
            assertThat(process.stderr()).contains("for OPEN_TWIN_SERVICE_URL: not a URL");
        }
    }

    @Test
    void unknownFlagIsAConfigurationError() throws Exception {
        try (OpenTwinProcess process = OpenTwinProcess.start(work, Map.of(), "run", "echo", "--sight-id", "2")) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.INVALID_CONFIGURATION.code());
            assertThat(process.stderr())
                    .contains("opentwin run echo: Unknown options: '--sight-id'")
                    .contains("Possible solutions: --site-id");
        }
    }

    @Test
    void flagsBeatVariablesAndVariablesBeatDefaults() throws Exception {
        int port = freePort();
        Map<String, String> environment = Map.of(
                "OPEN_TWIN_SITE_ID",
                "from-env",
                "OPEN_TWIN_LOG_LEVEL",
                "debug",
                "OPEN_TWIN_SERVICE_URL",
                "https://localhost:1");
        try (OpenTwinProcess process = OpenTwinProcess.start(work, environment, echo(port));
                ServiceClient client = new ServiceClient(pki.material("echo").clientContext(), ClientOptions.DEFAULT)) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> process.logged("echo ready at") || !process.isAlive());
            JsonNode info = client.get(URI.create("https://localhost:" + port), "/");

            assertThat(info.path("site").asText()).isEqualTo("from-env");
            assertThat(info.path("url").asText()).isEqualTo("https://localhost:" + port);
            assertThat(process.stdout())
                    .contains(
                            "site-id=from-env (environment)",
                            "service-url=https://localhost:" + port + " (flag)",
                            "bind=0.0.0.0 (default)");
            process.terminate();
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isZero();
        }
    }

    @Test
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0);
                OpenTwinProcess process = OpenTwinProcess.start(work, Map.of(), echo(taken.getLocalPort()))) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.PORT_IN_USE.code());
            assertThat(process.stderr())
                    .contains("opentwin run echo: cannot bind 0.0.0.0:" + taken.getLocalPort()
                            + ": Address already in use");
        }
    }

    @Test
    void missingCertificateIsACertificateError() throws Exception {
        try (OpenTwinProcess process = OpenTwinProcess.start(
                work,
                Map.of(),
                "run",
                "echo",
                "--service-url",
                "https://localhost:" + freePort(),
                "--cert",
                work.resolve("nope.pem").toString(),
                "--key",
                pki.key("echo").toString(),
                "--ca",
                pki.caFile().toString())) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.CERTIFICATE_ERROR.code());
            assertThat(process.stderr()).contains("nope.pem");
        }
    }

    @Test
    void expiredCertificateIsACertificateError() throws Exception {
        pki.issue("old", Instant.now().minus(Duration.ofDays(3)), Duration.ofDays(1), "localhost");
        try (OpenTwinProcess process = OpenTwinProcess.start(
                work,
                Map.of(),
                "run",
                "echo",
                "--service-url",
                "https://localhost:" + freePort(),
                "--cert",
                pki.cert("old").toString(),
                "--key",
                pki.key("old").toString(),
                "--ca",
                pki.caFile().toString())) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.CERTIFICATE_ERROR.code());
            assertThat(process.stderr()).contains("expired");
        }
    }

    @Test
    void unreachableDatabaseHasItsCodeAndTheLogKeepsThePasswordSecret() throws Exception {
        String url = "mongodb://admin:s3cret@127.0.0.1:" + freePort() + "/opentwin";
        try (OpenTwinProcess process = OpenTwinProcess.start(
                work,
                Map.of(),
                // AUTH keeps its data in the database (echo does not open one).
                service("auth", freePort(), "--database-url", url, "--database-timeout-ms", "1000"))) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.DATABASE_UNREACHABLE.code());
            assertThat(process.stderr())
                    .contains("database mongodb://admin:****@127.0.0.1:")
                    .contains("unreachable within 1000 ms");
            assertThat(process.stdout() + process.stderr()).doesNotContain("s3cret");
        }
    }

    @Test
    void aServiceThatKeepsNothingInADatabaseDoesNotOpenTheOneItIsGiven() throws Exception {
        // The LSS gives every session service the database URL; echo (as a compute service) does
        // not wait for it, and an unreachable one does not stop it.
        String url = "mongodb://127.0.0.1:" + freePort() + "/opentwin";
        try (OpenTwinProcess process =
                startAndAwaitReady(echo(freePort(), "--database-url", url, "--database-timeout-ms", "1000"))) {
            assertThat(process.stdout()).contains("echo keeps nothing in a database: --database-url is not opened");
            process.terminate();
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isZero();
        }
    }

    @Test
    void unreachablePeerHasItsCode() throws Exception {
        int closed = freePort();
        try (OpenTwinProcess process = OpenTwinProcess.start(
                work,
                Map.of(),
                echo(freePort(), "--gss-url", "https://localhost:" + closed, "--peer-wait-ms", "1500"))) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.PEER_UNREACHABLE.code());
            // The message names the addresses the host resolved to and what a plain TCP connection
            // to each does, so that a wrong DNS answer or a stuck TLS handshake shows.
            assertThat(process.stderr())
                    .containsPattern("GSS at https://localhost:" + closed
                            + " \\([^)]*127\\.0\\.0\\.1 TCP Connection refused[^)]*\\) "
                            + "unreachable after 1500 ms and \\d+ attempts")
                    .contains("connection refused");
        }
    }

    @Test
    void unexpectedExceptionIsAnInternalErrorWithAnIdAndTheCauseChainInTheLog() throws Exception {
        String[] args = echo(freePort());
        args[1] = "crashing";
        try (OpenTwinProcess process =
                OpenTwinProcess.startMain(work, Map.of(), List.of(), FaultyServicesMain.class.getName(), args)) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.INTERNAL_ERROR.code());
            assertThat(process.stderr()).containsPattern("opentwin run crashing: internal error [0-9a-f-]{36}: ");
            String errorId = process.stderr().replaceAll("(?s).*internal error ([0-9a-f-]{36}).*", "$1");
            assertThat(process.logLines()).anySatisfy(line -> {
                assertThat(line.path("errorId").asText()).isEqualTo(errorId);
                assertThat(line.path("exception").asText())
                        .contains("bug in start")
                        .contains("Caused by: java.lang.ArithmeticException: / by zero");
            });
        }
    }

    @Test
    void outOfMemoryEndsTheProcessWithTheJvmCode() throws Exception {
        String[] args = echo(freePort());
        args[1] = "hungry";
        try (OpenTwinProcess process = OpenTwinProcess.startMain(
                work, Map.of(), List.of("-Xmx48m"), FaultyServicesMain.class.getName(), args)) {
            assertThat(process.waitForExit(EXIT_TIMEOUT)).isEqualTo(ExitCode.OUT_OF_MEMORY.code());
            assertThat(process.stdout() + process.stderr()).contains("java.lang.OutOfMemoryError");
        }
    }

    @Test
    void everyStdoutLineIsJsonWithTheServiceName() throws Exception {
        int port = freePort();
        try (OpenTwinProcess process = startAndAwaitReady(echo(port))) {
            process.terminate();
            process.waitForExit(EXIT_TIMEOUT);
            List<JsonNode> lines = process.logLines();
            assertThat(lines).hasSizeGreaterThan(3).allSatisfy(line -> {
                assertThat(line.path("service").asText()).isEqualTo("echo");
                assertThat(line.has("time")).isTrue();
                assertThat(line.has("level")).isTrue();
            });
            String keyBody = Files.readString(pki.key("echo"))
                    .lines()
                    .filter(l -> !l.startsWith("-----"))
                    .findFirst()
                    .orElseThrow();
            assertThat(process.stdout()).doesNotContain(keyBody);
        }
    }
}
