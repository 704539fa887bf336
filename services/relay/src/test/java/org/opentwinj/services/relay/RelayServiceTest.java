package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.launcher.ServiceLauncher;
import org.opentwinj.platform.session.PushRequest;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** The relay as {@code opentwin run relay} starts it: settings, AUTH's keys, wiring onto the launcher's server. */
class RelayServiceTest {
    @TempDir
    Path directory;

    private final RelayHarness harness = new RelayHarness();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    /** The launcher logs JSON lines to stdout: caught here, to keep the build quiet and to check them. */
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    private final PrintStream stdout = System.out;

    @BeforeEach
    void catchLogs() {
        System.setOut(printTo(logs));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        runner.close();
        System.setOut(stdout);
        // The launcher configured JSON logging to stdout and took SIGTERM/SIGINT: give both back.
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        logging.reset();
        new ContextInitializer(logging).autoConfig();
        Signal.handle(new Signal("TERM"), SignalHandler.SIG_DFL);
        Signal.handle(new Signal("INT"), SignalHandler.SIG_DFL);
    }

    @Test
    void settingsHaveTheDocumentedDefaults() {
        RelayService service = new RelayService();
        Settings settings = Settings.resolve(service.settings(), Map.of(), Map.of("OPEN_TWIN_CLIENT_QUEUE", "32"));

        RelayConfig config = RelayService.config(settings, 4096);

        assertThat(config)
                .isEqualTo(new RelayConfig(
                        Duration.ofSeconds(20), 16, 32, Duration.ofSeconds(5), 4096, Duration.ofSeconds(2)));
        assertThat(service.settings())
                .extracting(setting -> setting.environmentVariable())
                .containsExactly(
                        "OPEN_TWIN_PING_INTERVAL_MS",
                        "OPEN_TWIN_MAX_IN_FLIGHT",
                        "OPEN_TWIN_CLIENT_QUEUE",
                        "OPEN_TWIN_ROUTE_CACHE_MS",
                        "OPEN_TWIN_ALLOWED_ORIGINS",
                        "OPEN_TWIN_RELAY_PEERS",
                        "OPEN_TWIN_RELAY_PEERS_DNS");
        assertThat(RelayService.peers(settings, 8094).others()).isEmpty();
    }

    @Test
    void listedPeersMustBeHttpsUrlsWithAPort() {
        RelayService service = new RelayService();
        Settings listed = Settings.resolve(
                service.settings(), Map.of("relay-peers", "https://relay-1:8094,https://relay-2:8094"), Map.of());
        assertThat(RelayService.peers(listed, 8094).others())
                .containsExactly(URI.create("https://relay-1:8094"), URI.create("https://relay-2:8094"));

        assertThatThrownBy(() -> Settings.resolve(
                        service.settings(), Map.of("relay-peers", "https://relay-1:8094,http://relay-2"), Map.of()))
                .isInstanceOf(ExitException.class)
                .hasMessageContaining("http://relay-2")
                .hasMessageContaining("--relay-peers");
    }

    @Test
    void withoutGssUrlTheRelayStopsWithAConfigurationError() {
        Map<String, String> flags = flags(freePort());
        flags.remove("gss-url");

        ExitCode exit = new ServiceLauncher(new RelayService(), printTo(console)).run(flags, Map.of());

        assertThat(exit).isEqualTo(ExitCode.INVALID_CONFIGURATION);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("the relay needs --gss-url (or OPEN_TWIN_GSS_URL)");
    }

    @Test
    void withoutAuthUrlTheRelayStopsWithAConfigurationError() {
        Map<String, String> flags = flags(freePort());
        flags.remove("auth-url");

        ExitCode exit = new ServiceLauncher(new RelayService(), printTo(console)).run(flags, Map.of());

        assertThat(exit).isEqualTo(ExitCode.INVALID_CONFIGURATION);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("the relay needs --auth-url (or OPEN_TWIN_AUTH_URL)");
    }

    @Test
    void theLauncherRunsTheRelayWithAuthsKeys() throws Exception {
        int port = freePort();
        Map<String, String> flags = flags(port);
        URI relayUrl = URI.create("https://localhost:" + port);
        CompletableFuture<ExitCode> run = CompletableFuture.supplyAsync(
                () -> new ServiceLauncher(new RelayService(), printTo(console)).run(flags, Map.of()), runner);
        ServiceClient probe = harness.serviceClient("probe");
        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() ->
                        probe.get(relayUrl, "/readyz").path("status").asText().equals("READY"));
        harness.useRelayAt(relayUrl);
        harness.runningSession("s1", "alice");

        String token = harness.token("alice");
        TestClient client = harness.connect("s1", token);
        client.welcome();
        client.request(1, "echo", "Echo", "message", "through the launcher");
        assertThat(client.next().path("result").path("caller").asText()).isEqualTo("user alice via service CN=relay");
        JsonNode pushed = probe.call(relayUrl, PushRequest.ACTION, new PushRequest("s1", "model", Json.object()));
        assertThat(pushed.path("delivered").asInt()).isEqualTo(1);
        assertThat(client.next().path("type").asText()).isEqualTo("push");

        probe.requestShutdown(relayUrl);
        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        // The relay says goodbye while the launcher's server still runs.
        assertThat(client.awaitClose()).isEqualTo(new TestClient.Closed(1001, "relay stopping"));
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged)
                .contains("client connected")
                .contains("\"session\":\"s1\"")
                .contains("\"user\":\"alice\"")
                .doesNotContain(token);
    }

    private Map<String, String> flags(int port) {
        harness.writeCa(directory);
        Map<String, String> flags = new HashMap<>();
        flags.put("service-url", "https://localhost:" + port);
        flags.put("bind", "127.0.0.1");
        flags.put("ca", directory.resolve("ca.pem").toString());
        flags.put("ca-key", directory.resolve("ca-key.pem").toString());
        flags.put("gss-url", harness.gssUrl.toString());
        flags.put("auth-url", harness.startFakeAuth().toString());
        flags.put("peer-wait-ms", "5000");
        flags.put("shutdown-grace-ms", "1000");
        flags.put("ping-interval-ms", "5000");
        return flags;
    }

    private static PrintStream printTo(ByteArrayOutputStream output) {
        return new PrintStream(output, true, StandardCharsets.UTF_8);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
