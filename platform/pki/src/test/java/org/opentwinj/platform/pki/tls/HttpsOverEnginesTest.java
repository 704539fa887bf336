package org.opentwinj.platform.pki.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.pki.TestPki;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;

/**
 * Mutual TLS through the JDK's HttpsServer and HttpClient, which both run TLS on
 * {@code SSLEngine}s: the engine overloads of the trust manager and the client context's
 * default host name check are what a service's transport will use.
 */
class HttpsOverEnginesTest {
    private static final CertificateAuthority CA = TestPki.ca("Test CA");

    private HttpsServer server;

    @BeforeEach
    void startServer() throws Exception {
        TlsMaterial material = TlsMaterial.of(TestPki.issue(CA, "gss", Usage.PEER, "127.0.0.1"));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        SSLContext context = material.serverContext();
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aTrustedPeerGetsAnAnswer() throws Exception {
        TlsMaterial client = TlsMaterial.of(TestPki.issue(CA, "lss", Usage.PEER));

        assertThat(get(client, "https://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .isEqualTo("ok");
    }

    @Test
    void aServerCertificateWithoutTheDialledHostIsRefused() {
        TlsMaterial client = TlsMaterial.of(TestPki.issue(CA, "lss", Usage.PEER));

        assertThatThrownBy(() ->
                        get(client, "https://localhost:" + server.getAddress().getPort() + "/"))
                .satisfies(e -> assertThat(causeMessages(e))
                        .contains("server certificate for 'localhost' refused:"
                                + " CN=gss: SANs [127.0.0.1] do not cover the dialled host"));
    }

    @Test
    void aClientWithOnlyServerAuthIsRefused() {
        TlsMaterial client = TlsMaterial.of(TestPki.issue(CA, "web", Usage.SERVER));

        assertThatThrownBy(() ->
                        get(client, "https://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .isInstanceOf(java.io.IOException.class);
    }

    private static List<String> causeMessages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return messages;
    }

    private static String get(TlsMaterial client, String url) throws Exception {
        try (HttpClient http = HttpClient.newBuilder()
                .sslContext(client.clientContext())
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
