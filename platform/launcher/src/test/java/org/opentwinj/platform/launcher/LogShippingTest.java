package org.opentwinj.platform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A service's records reach the logger in batches; a logger that is gone never holds up the code that logs. */
class LogShippingTest {
    record Batch(List<JsonNode> records) {}

    private static final Logger LOG = LoggerFactory.getLogger("shipping-test");

    private final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("test CA", List.of()), Duration.ofDays(1));
    private final TlsMaterial tls = TlsMaterial.of(ca.issue(
            CertificateRequest.of("logger", List.of("localhost", "127.0.0.1")), Usage.PEER, Duration.ofHours(1)));
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private LogShipping ship(URI logger) {
        return ship(logger, LogShipping.STARTUP_WAIT);
    }

    private LogShipping ship(URI logger, Duration startupWait) {
        // Generous: on a loaded machine a batch that times out would be dropped, and counted as such.
        ServiceClient client = new ServiceClient(
                tls.clientContext(), ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(30)));
        resources.add(client);
        LogShipping shipping = LogShipping.install(client, logger, "test-service", startupWait);
        resources.add(shipping::stop);
        return shipping;
    }

    @Test
    void recordsReachTheLoggerInBatchesAsTheServiceWritesThem() {
        List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
        List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        ServiceServer server = logger(0, received, batches);
        LogShipping shipping = ship(URI.create("https://localhost:" + server.port()));

        for (int i = 0; i < 1200; i++) {
            LOG.info("record {} with password=hunter2", i);
        }

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> snapshot(received).stream()
                                .filter(r -> r.path("logger").asText().equals("shipping-test"))
                                .count()
                        == 1200);
        JsonNode first = snapshot(received).stream()
                .filter(r -> r.path("logger").asText().equals("shipping-test"))
                .findFirst()
                .orElseThrow();
        assertThat(first.path("service").asText()).isEqualTo("test-service");
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("message").asText())
                .as("masked as on stdout")
                .startsWith("record 0 with password=")
                .doesNotContain("hunter2");
        assertThat(snapshot(batches))
                .as("batches of at most %d", LogShipping.BATCH)
                .allMatch(size -> size <= LogShipping.BATCH);
        assertThat(batches.size()).as("1200 records in fewer messages").isLessThan(1200);
        assertThat(shipping.dropped()).isZero();
        assertThat(shipping.shipped()).isGreaterThanOrEqualTo(1200);
    }

    private ServiceServer logger(int port, List<JsonNode> received, List<Integer> batches) {
        ActionRegistry registry = new ActionRegistry()
                .register(ActionSpec.internal("Log.Append", Batch.class, (batch, call) -> {
                    batches.add(batch.records().size());
                    received.addAll(batch.records());
                    return Map.of("accepted", batch.records().size());
                }));
        ServiceServer server = ServiceServer.start(
                new ServiceInfo("logger", "1", "1", URI.create("https://localhost:1")),
                ServerOptions.onPort(port),
                tls.serverContext(),
                registry,
                new ServiceMetrics("logger"),
                List.of());
        resources.add(server);
        return server;
    }

    @Test
    void recordsLoggedBeforeTheLoggerIsUpReachItOnceItIs() throws Exception {
        int port = freePort();
        LogShipping shipping = ship(URI.create("https://localhost:" + port));
        for (int i = 0; i < 300; i++) {
            LOG.info("early record {}", i);
        }
        // The logger comes up after the service has logged (up starts them side by side).
        Thread.sleep(1500);
        assertThat(shipping.dropped())
                .as("nothing dropped while the logger starts")
                .isZero();
        List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
        logger(port, received, Collections.synchronizedList(new ArrayList<>()));

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> snapshot(received).stream()
                                .filter(r -> r.path("message").asText().startsWith("early record "))
                                .count()
                        == 300);
        assertThat(shipping.dropped()).isZero();
    }

    @Test
    @Timeout(60)
    void anUnreachableLoggerNeitherBlocksNorFailsTheCodeThatLogs() throws Exception {
        // Past the start: a batch the logger does not take is dropped, not retried.
        LogShipping shipping = ship(URI.create("https://localhost:" + freePort()), Duration.ZERO);

        // More than the queue holds: the surplus is dropped at once instead of waiting.
        int records = LogShipping.QUEUE_CAPACITY + 5000;
        for (int i = 0; i < records; i++) {
            LOG.info("record {}", i);
        }

        Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> shipping.dropped() >= records);
        assertThat(shipping.shipped()).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A copy to iterate: the server's threads may still add to a synchronized list while a stream reads it. */
    private static <T> List<T> snapshot(List<T> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }
}
