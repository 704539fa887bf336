package org.opentwinj.platform.transport.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class ServiceClientCloseTest {
    @Test
    void closingDoesNotWaitForARequestThatNeverEnds() throws Exception {
        List<Socket> held = new ArrayList<>();
        CountDownLatch accepted = new CountDownLatch(1);
        try (ServerSocket silent = new ServerSocket(0)) {
            // Accepts and never answers: the TLS handshake, and with it the request, waits.
            Thread.ofVirtual().start(() -> {
                try {
                    held.add(silent.accept());
                    accepted.countDown();
                } catch (IOException e) {
                    // closed by the test
                }
            });
            ServiceClient client = new ServiceClient(
                    SSLContext.getDefault(),
                    new ClientOptions(Duration.ofSeconds(120), Duration.ofSeconds(120), 1, Duration.ofMillis(10)));
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread request = Thread.ofVirtual().start(() -> {
                try {
                    client.get(URI.create("https://localhost:" + silent.getLocalPort()), "/healthz");
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            });
            assertThat(accepted.await(30, TimeUnit.SECONDS))
                    .as("the request reached the server")
                    .isTrue();

            // Bounded by the close wait, not by the two minutes the request could still take.
            assertTimeoutPreemptively(Duration.ofSeconds(60), client::close);
            assertThat(request.join(Duration.ofSeconds(30)))
                    .as("the abandoned request ended")
                    .isTrue();
            assertThat(outcome.get()).isInstanceOf(PeerCallException.class);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
