package org.opentwinj.platform.transport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;

/** The stream client against a scripted HTTPS server: keep-alive, stale connections, early close, failures. */
class StreamClientTest {
    private static final byte[] BIG = new byte[1 << 20];

    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private TlsMaterial serverTls;
    private ServerSocket server;
    private StreamClient client;
    private URI url;

    @BeforeEach
    void start() throws Exception {
        CertificateAuthority ca =
                CertificateAuthority.create(CertificateRequest.of("Test CA", List.of()), Duration.ofDays(2));
        serverTls = TlsMaterial.of(ca.issue(
                CertificateRequest.of("server", List.of("localhost")),
                Usage.PEER,
                Duration.ofHours(1),
                Instant.now().minusSeconds(60)));
        server = serverTls.serverContext().getServerSocketFactory().createServerSocket(0);
        ((SSLServerSocket) server).setNeedClientAuth(false);
        Thread.ofVirtual().start(this::accept);
        url = URI.create("https://localhost:" + server.getLocalPort());
        client = client(ClientOptions.DEFAULT);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void twoGetsShareOneConnectionAndTheHeadersGoAlong() throws Exception {
        try (StreamAnswer answer = client.get(url.resolve("/keep?version=3"), Map.of("Authorization", "Bearer t"))) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("etag")).contains("\"e\"");
            assertThat(answer.body().readAllBytes()).isEqualTo("hello".getBytes());
        }
        try (StreamAnswer answer = client.get(url.resolve("/keep"), Map.of())) {
            assertThat(answer.body().readAllBytes()).isEqualTo("hello".getBytes());
        }
        assertThat(connections).hasValue(1);
        assertThat(requests.getFirst())
                .startsWith("GET /keep?version=3 HTTP/1.1")
                .contains("Authorization: Bearer t");
    }

    @Test
    void aConnectionTheServerClosedIsReplacedTransparently() throws Exception {
        try (StreamAnswer answer = client.get(url.resolve("/close-after"), Map.of())) {
            assertThat(answer.body().readAllBytes()).isEqualTo("bye".getBytes());
        }
        try (StreamAnswer answer = client.get(url.resolve("/keep"), Map.of())) {
            assertThat(answer.body().readAllBytes()).isEqualTo("hello".getBytes());
        }
        assertThat(connections).hasValue(2);
    }

    @Test
    void aLargeBodyArrivesWholeAndOneClosedEarlyClosesItsConnection() throws Exception {
        try (StreamAnswer answer = client.get(url.resolve("/big"), Map.of())) {
            assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(BIG.length);
            assertThat(answer.body().readAllBytes()).isEqualTo(BIG);
        }
        try (StreamAnswer answer = client.get(url.resolve("/big"), Map.of())) {
            assertThat(answer.body().readNBytes(10)).hasSize(10);
        }
        try (StreamAnswer answer = client.get(url.resolve("/keep"), Map.of())) {
            assertThat(answer.body().readAllBytes()).isEqualTo("hello".getBytes());
        }
        assertThat(connections).hasValue(2);
    }

    @Test
    void noAnswerWithoutLengthAndA304HaveNoBody() throws Exception {
        try (StreamAnswer answer = client.get(url.resolve("/no-length"), Map.of())) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body().read()).isEqualTo(-1);
        }
        try (StreamAnswer answer = client.get(url.resolve("/not-modified"), Map.of())) {
            assertThat(answer.statusCode()).isEqualTo(304);
            assertThat(answer.body().read()).isEqualTo(-1);
        }
    }

    @Test
    void failuresArePeerCallExceptions() throws Exception {
        try (StreamClient impatient = client(ClientOptions.DEFAULT.withRequestTimeout(Duration.ofMillis(300)))) {
            assertThatThrownBy(() -> impatient.get(url.resolve("/silent"), Map.of()))
                    .isInstanceOf(PeerCallException.class)
                    .hasMessageContaining("no answer within 300 ms");
        }
        // The certificate names localhost, not 127.0.0.1.
        URI byAddress = URI.create("https://127.0.0.1:" + server.getLocalPort() + "/keep");
        assertThatThrownBy(() -> client.get(byAddress, Map.of()))
                .isInstanceOf(PeerCallException.class)
                .hasMessageContaining("I/O error");
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0)) {
            closedPort = unused.getLocalPort();
        }
        assertThatThrownBy(() -> client.get(URI.create("https://localhost:" + closedPort + "/x"), Map.of()))
                .isInstanceOf(PeerCallException.class)
                .extracting(e -> ((PeerCallException) e).httpStatus())
                .isEqualTo(0);
        assertThatThrownBy(() -> client.get(url.resolve("/keep"), Map.of("Range", "bytes=0-1\r\nX: y")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private StreamClient client(ClientOptions options) {
        return new StreamClient(TrustOnlyTls.trusting(serverTls.trustAnchors()), options);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Answers requests on one connection by their path, until the client or the script closes it. */
    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            while (true) {
                StringBuilder request = new StringBuilder();
                for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                    request.append(line).append("\n");
                }
                if (request.isEmpty()) {
                    return;
                }
                requests.add(request.toString());
                String path = request.toString().split(" ")[1];
                switch (path.replaceAll("\\?.*", "")) {
                    case "/keep" -> answer(out, "200 OK", "ETag: \"e\"\r\nContent-Length: 5\r\n", "hello".getBytes());
                    case "/close-after" -> {
                        answer(out, "200 OK", "Content-Length: 3\r\n", "bye".getBytes());
                        return;
                    }
                    case "/big" -> answer(out, "200 OK", "Content-Length: " + BIG.length + "\r\n", BIG);
                    case "/no-length" -> {
                        answer(out, "200 OK", "", new byte[0]);
                        return;
                    }
                    case "/not-modified" -> answer(out, "304 Not Modified", "ETag: \"e\"\r\n", new byte[0]);
                    case "/silent" -> Thread.sleep(2_000);
                    default -> answer(out, "404 Not Found", "Content-Length: 0\r\n", new byte[0]);
                }
            }
        } catch (IOException e) {
            // The client closed the connection (an early close, or the end of the test).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(OutputStream out, String status, String headers, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    static {
        for (int i = 0; i < BIG.length; i++) {
            BIG[i] = (byte) (i * 31);
        }
    }
}
