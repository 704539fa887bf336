package org.opentwinj.platform.launcher.pool;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.launcher.ServiceLauncher;
import org.opentwinj.platform.pki.bootstrap.StartupCertificates;
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

/**
 * Makes a pooled JVM do once, before it is assigned, what every session service does at start:
 * the work whose class loading, linking and first (interpreted) runs make most of a service's
 * start-up. It issues a certificate from a throw-away CA, serves mTLS on a loopback port and
 * calls itself there from several clients, each with a certificate of its own (full TLS
 * handshakes, the HTTP server, the client, JSON both ways), reads
 * the settings of every service it may become, and reads from the platform's database when it
 * may become a service that needs one. Nothing of it outlives the warm-up: the
 * assigned service gets its own certificate, port and server.
 */
final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    /**
     * Rounds of calls, each from a client with a certificate of its own: an assigned service's
     * every first connection (AUTH, the database, the LSS) is a full handshake with a key the JVM
     * has not used, and those code paths need several runs before they are fast (measured: the
     * first call of a new client took 108 ms after one such round, 13-60 ms after seven).
     */
    static final int ROUNDS = 8;
    /** Calls per round: the first a full handshake, the others over the open connection. */
    static final int CALLS_PER_ROUND = 3;

    static final int CALLS = ROUNDS * CALLS_PER_ROUND;

    /**
     * A pooled JVM warms up at low priority: on a busy machine it gets little CPU, and its calls
     * to itself take long. Waited for rather than failed, since nobody waits for the warm-up.
     */
    private static final ClientOptions PATIENT =
            new ClientOptions(Duration.ofMinutes(2), Duration.ofMinutes(2), 1, Duration.ofMillis(100));

    private Warmup() {}

    /** How long the warm-up waits for the platform's database. */
    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(30);

    /** The warm-up without a database: TLS, HTTP, JSON and the services' settings. */
    static int run(List<ServiceDefinition> services) {
        return run(services, Map.of(), Optional.empty());
    }

    /**
     * @param environment the JVM's environment: with a database URL, and a service that needs a
     *                    database among {@code services}, the database is warmed up too ({@link DatabaseWarmup})
     * @param caBundle    the platform's CA certificates, for the database's TLS
     * @return the number of calls answered (all of them, or it throws)
     */
    static int run(List<ServiceDefinition> services, Map<String, String> environment, Optional<Path> caBundle) {
        long started = System.nanoTime();
        for (ServiceDefinition service : services) {
            // The settings drive every start (flags, variables, help); reading them loads their parsers.
            ServiceLauncher.settingsOf(service);
        }
        // The CA outlives the certificate: a certificate is backdated, and must still end before its CA.
        CertificateAuthority ca = CertificateAuthority.create(
                CertificateRequest.of("OpenTwin/J pool warm-up CA", List.of()), Duration.ofHours(2));
        TlsMaterial tls = StartupCertificates.issue(
                ca, "pool-warm-up", List.of("127.0.0.1", "localhost"), Usage.PEER, Duration.ofHours(1));
        ServiceInfo info = new ServiceInfo("pool", ServiceLauncher.VERSION, "pool", URI.create("https://127.0.0.1"));
        ActionRegistry actions = new ActionRegistry();
        actions.register(ActionSpec.anonymous("Warmup.Echo", EchoRequest.class, (request, context) -> request));
        int answered = 0;
        try (ServiceMetrics metrics = new ServiceMetrics("pool");
                ServiceServer server = ServiceServer.start(
                        info,
                        new ServerOptions("127.0.0.1", 0, ServerOptions.DEFAULT_MAX_BODY_BYTES, Duration.ZERO, 16),
                        tls.serverContext(),
                        actions,
                        metrics,
                        List.of())) {
            URI url = URI.create("https://127.0.0.1:" + server.port());
            for (int round = 0; round < ROUNDS; round++) {
                TlsMaterial client = StartupCertificates.issue(
                        ca, "pool-warm-up-client-" + round, List.of("127.0.0.1"), Usage.PEER, Duration.ofHours(1));
                try (ServiceClient caller = new ServiceClient(client.clientContext(), PATIENT)) {
                    for (int i = 0; i < CALLS_PER_ROUND; i++) {
                        caller.call(url, "Warmup.Echo", new EchoRequest("warm-up " + round + "." + i, i));
                        answered++;
                    }
                }
            }
        }
        boolean database = DatabaseWarmup.urlFor(services, environment)
                .map(url -> DatabaseWarmup.run(url, tls, caBundle, DATABASE_TIMEOUT))
                .orElse(false);
        LOG.info(
                "warmed up in {} ms ({} mTLS calls to itself from {} clients, settings of {} services, database {})",
                (System.nanoTime() - started) / 1_000_000,
                answered,
                ROUNDS,
                services.size(),
                database ? "read" : "not read");
        return answered;
    }

    /** A request and reply with a string and a number, so that JSON reading and writing both run. */
    record EchoRequest(String text, int number) {}
}
