package org.opentwinj.services.echo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.launcher.ServiceLauncher;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The echo service as {@code opentwin run echo} starts it, on a free port with real TLS: its
 * {@code /ws} endpoint through the JDK's websocket client (no client certificate, no token),
 * and {@code Echo} on {@code /execute} computing the same reply.
 */
class EchoServiceTest {
    private static final CertificateAuthority CA =
            CertificateAuthority.create(CertificateRequest.of("Echo test CA", List.of()), Duration.ofDays(1));
    private static final PrintStream STDOUT = System.out;
    private static final ExecutorService RUNNER = Executors.newVirtualThreadPerTaskExecutor();
    private static Path directory;
    private static URI url;
    private static CompletableFuture<ExitCode> run;
    private static ServiceClient peer;
    private static HttpClient http;

    @BeforeAll
    static void startTheService() throws Exception {
        // The launcher logs JSON lines to stdout: kept out of the build's output.
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        directory = Files.createTempDirectory("echo-test-");
        CA.writeTo(directory, false);
        int port = freePort();
        url = URI.create("https://localhost:" + port);
        Map<String, String> flags = Map.of(
                "service-url",
                url.toString(),
                "bind",
                "127.0.0.1",
                "site-id",
                "7",
                "ca",
                directory.resolve("ca.pem").toString(),
                "ca-key",
                directory.resolve("ca-key.pem").toString(),
                "shutdown-grace-ms",
                "1000");
        PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        run = CompletableFuture.supplyAsync(
                () -> new ServiceLauncher(new EchoService(), console).run(flags, Map.of()), RUNNER);
        peer = new ServiceClient(
                TlsMaterial.of(CA.issue(CertificateRequest.of("tester", List.of()), Usage.CLIENT, Duration.ofHours(1)))
                        .clientContext(),
                ClientOptions.DEFAULT);
        http = HttpClient.newBuilder()
                .sslContext(TrustOnlyTls.trusting(List.of(CA.certificate())))
                .build();
        awaitReady();
    }

    @AfterAll
    static void stopTheService() throws Exception {
        try {
            peer.requestShutdown(url);
            assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        } finally {
            peer.close();
            http.close();
            RUNNER.close();
            System.setOut(STDOUT);
            // The launcher configured JSON logging to stdout and took SIGTERM/SIGINT: give both back.
            LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
            logging.reset();
            new ContextInitializer(logging).autoConfig();
            Signal.handle(new Signal("TERM"), SignalHandler.SIG_DFL);
            Signal.handle(new Signal("INT"), SignalHandler.SIG_DFL);
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        }
    }

    @Test
    void aWebSocketClientWithoutCertificateOrTokenGetsEchoesInOrderOnOneConnection() throws Exception {
        Client client = connect();

        client.send("{\"id\":1,\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"first\"}}");
        client.send("{\"id\":\"two\",\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"second\"}}");
        JsonNode first = client.next();
        JsonNode second = client.next();
        client.close();

        assertThat(Json.write(first))
                .isEqualTo("{\"type\":\"reply\",\"id\":1,\"status\":\"ok\",\"result\":"
                        + "{\"message\":\"first\",\"service\":\"echo\",\"site\":\"7\",\"caller\":\"anonymous\"}}");
        assertThat(second.path("id").asText()).isEqualTo("two");
        assertThat(second.path("result").path("message").asText()).isEqualTo("second");
    }

    @Test
    void theWebSocketAndTheEchoActionAnswerWithTheSameCodeOnlyTheCallerDiffers() throws Exception {
        Client client = connect();
        client.send("{\"id\":5,\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"same\"}}");
        JsonNode overWebSocket = client.next().path("result");
        client.close();

        JsonNode overExecute = peer.call(url, "Echo", new EchoService.EchoRequest("same", null));

        assertThat(overExecute.path("caller").asText()).isEqualTo("service CN=tester");
        ((com.fasterxml.jackson.databind.node.ObjectNode) overExecute).put("caller", "anonymous");
        assertThat(overWebSocket).isEqualTo(overExecute);
    }

    @Test
    void aBinaryFrameOrABadRequestIsAnsweredAndTheConnectionStaysOpen() throws Exception {
        Client client = connect();

        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), true).join();
        JsonNode binary = client.next();
        client.send("{\"id\":2,\"service\":\"echo\",\"message\":{\"action\":\"Echo.History\"}}");
        JsonNode refused = client.next();
        client.send("{\"id\":3,\"service\":\"echo\",\"message\":{\"action\":\"Echo\",\"message\":\"still open\"}}");
        JsonNode after = client.next();
        client.close();

        assertThat(binary.path("type").asText()).isEqualTo("error");
        assertThat(binary.path("reason").asText()).contains("binary messages are not supported");
        assertThat(refused.path("httpStatus").asInt()).isEqualTo(404);
        assertThat(after.path("result").path("message").asText()).isEqualTo("still open");
    }

    private static Client connect() {
        Client client = new Client();
        client.socket = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("wss://localhost:" + url.getPort() + EchoService.WEBSOCKET_PATH), client)
                .join();
        return client;
    }

    /** A websocket client collecting the text messages it receives. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        JsonNode next() throws Exception {
            String text = received.poll(10, TimeUnit.SECONDS);
            assertThat(text).as("a message within 10 s").isNotNull();
            return Json.mapper().readTree(text);
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    private static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertThat(run).as("the launcher stopped early").isNotDone();
            try {
                if (peer.get(url, "/readyz").path("status").asText().equals("READY")) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the echo service was not ready within 30 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
