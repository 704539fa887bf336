package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.echo.EchoService;

/**
 * Two real service processes calling each other over mutual TLS: one with certificate files
 * from `opentwin certs`, one that issues its own certificate at start from the CA key.
 */
class TwoServicesIT {
    @TempDir
    Path work;

    @Test
    void servicesCallEachOtherOverMutualTlsAndRefuseStrangers() throws Exception {
        TestCertificates pki = new TestCertificates(work);
        pki.issue("echo-a", "localhost", "127.0.0.1");
        pki.issue("tester", "localhost");
        int portA = ExitCodesIT.freePort();
        int portB = ExitCodesIT.freePort();
        URI urlA = URI.create("https://localhost:" + portA);
        URI urlB = URI.create("https://127.0.0.1:" + portB);

        try (OpenTwinProcess a = OpenTwinProcess.start(
                        work,
                        Map.of(),
                        "run",
                        "echo",
                        "--service-url",
                        urlA.toString(),
                        "--cert",
                        pki.cert("echo-a").toString(),
                        "--key",
                        pki.key("echo-a").toString(),
                        "--ca",
                        pki.caFile().toString());
                // B has no certificate file: it issues one at start for the names it is reached by.
                OpenTwinProcess b = OpenTwinProcess.start(
                        work,
                        Map.of(
                                "OPEN_TWIN_CA",
                                pki.caFile().toString(),
                                "OPEN_TWIN_CA_KEY",
                                pki.caKeyFile().toString()),
                        "run",
                        "echo",
                        "--service-url",
                        urlB.toString(),
                        "--site-id",
                        "site-b",
                        "--gss-url",
                        urlA.toString());
                ServiceClient tester =
                        new ServiceClient(pki.material("tester").clientContext(), ClientOptions.DEFAULT)) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .until(() ->
                            (a.logged("echo ready at") || !a.isAlive()) && (b.logged("echo ready at") || !b.isAlive()));
            assertThat(b.stdout())
                    .contains("GSS at " + urlA + " is up")
                    .contains("issued a certificate at start for [127.0.0.1");

            JsonNode viaA =
                    tester.call(urlA, "Echo.Forward", new EchoService.ForwardRequest(urlB.toString(), "hello B"));
            assertThat(viaA.path("message").asText()).isEqualTo("hello B");
            assertThat(viaA.path("site").asText()).isEqualTo("site-b");
            assertThat(viaA.path("caller").asText()).startsWith("service CN=echo-a");

            JsonNode viaB =
                    tester.call(urlB, "Echo.Forward", new EchoService.ForwardRequest(urlA.toString(), "hello A"));
            assertThat(viaB.path("caller").asText()).isEqualTo("service CN=echo");

            // A certificate from another CA is refused by B, which says why in its log.
            TestCertificates other = new TestCertificates(work.resolve("other"));
            other.issue("intruder", "localhost");
            TlsMaterial intruder = other.material("intruder");
            TlsMaterial intruderTrustingUs = new TlsMaterial(
                    intruder.key(), intruder.chain(), pki.material("tester").trustAnchors());
            try (ServiceClient stranger =
                    new ServiceClient(intruderTrustingUs.clientContext(), ClientOptions.DEFAULT)) {
                assertThatThrownBy(() -> stranger.call(urlB, "Echo", new EchoService.EchoRequest("let me in", null)))
                        .isInstanceOf(PeerCallException.class);
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> b.logged("client certificate refused: CN=intruder"));
            assertThat(b.stdout()).contains("does not chain to the trusted CA");

            // Queued messages are processed in order.
            for (int i = 0; i < 20; i++) {
                tester.enqueue(urlB, "Echo.Record", new EchoService.RecordRequest("m" + i));
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> tester.call(urlB, "Echo.History", new EchoService.HistoryRequest())
                                    .size()
                            == 20);
            List<String> history = tester.call(urlB, "Echo.History", new EchoService.HistoryRequest())
                    .valueStream()
                    .map(JsonNode::asText)
                    .toList();
            assertThat(history)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20)
                            .mapToObj(i -> "m" + i)
                            .toList());

            a.terminate();
            b.terminate();
            assertThat(a.waitForExit(Duration.ofSeconds(30))).isZero();
            assertThat(b.waitForExit(Duration.ofSeconds(30))).isZero();
        }
    }
}
