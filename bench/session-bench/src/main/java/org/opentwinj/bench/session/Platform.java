package org.opentwinj.bench.session;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.auth.FirstAdmin;

/**
 * The platform under test as separate real processes, started one after the other and each
 * waited for until {@code /readyz} answers, like {@code opentwin up} and the integration
 * tests' StandaloneServices: the embedded database, AUTH (after the first admin was put in the
 * database), the GSS and one LSS. Stopped in reverse order with SIGTERM; the LSS stops its
 * session services itself ({@code --stop-sessions-on-exit} is on by default).
 */
final class Platform implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "session-bench-admin-1";
    static final String SESSION_TYPE = "echo3";
    /**
     * Issue 14's session: the Model at open, two compute services on demand. Echo stands in for
     * a compute service: the same launcher, JVM, TLS and Service.Confirm, without the computing.
     */
    static final String COMPUTE_TYPE = "bench";

    static final String ON_DEMAND_SERVICE = "compute-1";
    static final String SESSION_TYPES = "default=echo;" + SESSION_TYPE + "=echo-1:echo,echo-2:echo,echo-3:echo;"
            + COMPUTE_TYPE + "=model," + ON_DEMAND_SERVICE + ":echo?,compute-2:echo?";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> PROCESSES = List.of("database", "auth", "gss", "lss");

    private final Distribution distribution;
    /** The harness's own certificate, for the database connection that creates the first admin. */
    static final String CLIENT = "bench-client";

    private final BenchPki pki;
    private final Path dir;
    private final List<String> jvmOptions;
    private final List<String> sessionJavaOptions;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    private final Map<String, URI> urls = new LinkedHashMap<>();
    private final Map<String, Long> startMillis = new LinkedHashMap<>();
    private final int wirePort;
    private final boolean relay;
    private final int poolSize;

    private Platform(
            Distribution distribution,
            BenchPki pki,
            Path dir,
            List<String> jvmOptions,
            List<String> sessionJavaOptions,
            boolean relay,
            int poolSize)
            throws IOException {
        this.relay = relay;
        this.poolSize = poolSize;
        this.distribution = distribution;
        this.pki = pki;
        this.dir = dir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.sessionJavaOptions = List.copyOf(sessionJavaOptions);
        this.wirePort = ChildProcesses.freePort();
        for (String name : relay ? List.of("database", "auth", "gss", "relay", "lss") : PROCESSES) {
            urls.put(name, URI.create("https://127.0.0.1:" + ChildProcesses.freePort()));
        }
    }

    /**
     * Starts the four processes. Whatever started is stopped again when a later one fails.
     *
     * @param dir                this platform's directory (database files, LSS work directory, logs)
     * @param jvmOptions         the JVM options of every platform process; the LSS copies them to its children
     * @param sessionJavaOptions the LSS's {@code --session-java-options}, may be empty
     * @param poolSize           the LSS's {@code --pool-size} (0: no warm pool)
     * @param relay              also start the relay (after the GSS, which is given its URL: {@code --relay-url})
     */
    static Platform start(
            Distribution distribution,
            BenchPki pki,
            Path dir,
            List<String> jvmOptions,
            List<String> sessionJavaOptions,
            int poolSize,
            boolean relay,
            BenchOptions options)
            throws IOException {
        Platform platform = new Platform(distribution, pki, dir, jvmOptions, sessionJavaOptions, relay, poolSize);
        try {
            platform.startAll(options, poolSize);
        } catch (IOException | RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private void startAll(BenchOptions options, int poolSize) throws IOException {
        start(
                "database",
                List.of("--database-dir", dir.resolve("db").toString(), "--database-port", Integer.toString(wirePort)));
        try (DatabaseConnection database = DatabaseConnection.open(
                databaseUrl(),
                Duration.ofSeconds(10),
                TlsMaterial.load(pki.certificate(CLIENT), pki.key(CLIENT), pki.caCertificate())
                        .clientContext())) {
            FirstAdmin.ensure(database.database(), ADMIN, Optional.of(ADMIN_PASSWORD));
        }
        // Access tokens outlive the run, so no token renewal happens in the middle of a measurement.
        start("auth", List.of("--database-url", databaseUrl(), "--access-token-minutes", "240"));
        List<String> gss = new ArrayList<>(List.of(
                "--database-url", databaseUrl(), "--auth-url", url("auth").toString()));
        if (relay) {
            gss.addAll(List.of("--relay-url", url("relay").toString()));
        }
        start("gss", gss);
        if (relay) {
            // As `opentwin up` gives them (ServiceArguments); the GSS first: the relay asks it for routes and
            // Session.Demand, and is ready only once the GSS answers.
            start(
                    "relay",
                    List.of(
                            "--gss-url",
                            url("gss").toString(),
                            "--auth-url",
                            url("auth").toString()));
        }
        List<String> lss = new ArrayList<>(List.of(
                "--database-url",
                databaseUrl(),
                "--gss-url",
                url("gss").toString(),
                "--auth-url",
                url("auth").toString(),
                "--session-ca-key",
                pki.caKey().toString(),
                "--work-dir",
                lssWork().toString(),
                "--port-range",
                options.portRange(),
                "--session-types",
                SESSION_TYPES,
                "--capacity",
                Integer.toString(options.capacity()),
                "--spawn-limit",
                Integer.toString(options.spawnLimit()),
                "--pool-size",
                Integer.toString(poolSize)));
        if (!sessionJavaOptions.isEmpty()) {
            lss.addAll(List.of("--session-java-options", String.join(",", sessionJavaOptions)));
        }
        start("lss", lss);
    }

    private void start(String name, List<String> extra) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "run",
                name,
                "--service-url",
                url(name).toString(),
                "--bind",
                "127.0.0.1",
                "--cert",
                pki.certificate(name).toString(),
                "--key",
                pki.key(name).toString(),
                "--ca",
                pki.caCertificate().toString()));
        arguments.addAll(extra);
        long begin = System.nanoTime();
        ServiceProcess process = ServiceProcess.start(
                name, distribution.command(jvmOptions, arguments), dir.resolve(name + ".log"), url(name));
        processes.put(name, process);
        awaitReady(process);
        startMillis.put(name, (System.nanoTime() - begin) / 1_000_000);
    }

    private void awaitReady(ServiceProcess process) throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (ServiceClient probe =
                new ServiceClient(pki.trustOnly(), ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(5)))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException(process.name() + " exited with code " + process.exitValue()
                            + " while starting" + process.tail());
                }
                try {
                    probe.get(process.url(), "/readyz");
                    return;
                } catch (PeerCallException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException(process.name() + " not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                                + notYet.getMessage() + process.tail());
                    }
                }
                ChildProcesses.sleep(50);
            }
        }
    }

    URI url(String name) {
        return urls.get(name);
    }

    String databaseUrl() {
        return "mongodb://127.0.0.1:" + wirePort + "/opentwin?tls=true";
    }

    Path lssWork() {
        return dir.resolve("lss-work");
    }

    /** Where the LSS writes a session service's output. */
    Path sessionLog(String session, String service) {
        return lssWork().resolve("logs").resolve(session + "-" + service + ".log");
    }

    /**
     * Warm, unassigned JVMs in the LSS's pool: the {@code <work-dir>/pool/jvm-<n>.warm} files,
     * which a pooled JVM creates once warm and the LSS deletes when it hands the JVM out or
     * stops it (LSS README, "Warm pool"). 0 without a pool.
     */
    int warmPoolMembers() {
        try (var files = Files.list(lssWork().resolve("pool"))) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".warm"))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }

    int poolSize() {
        return poolSize;
    }

    /** How long each process took from fork to ready, in ms, in start order. */
    Map<String, Long> startMillis() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(startMillis));
    }

    /** The flags the LSS gives every session service besides its own (see LocalSessionService.childSettings). */
    List<String> childSettings() {
        return List.of(
                "--site-id",
                "1",
                "--log-level",
                "info",
                "--auth-url",
                url("auth").toString());
    }

    /** CPU time used so far by each platform process, in ns, in start order; empty when one is unknown. */
    Map<String, Long> cpuNanos() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (ServiceProcess process : processes.values()) {
            long nanos = ProcFs.cpuNanos(process.pid());
            if (nanos < 0) {
                return Map.of();
            }
            cpu.put(process.name(), nanos);
        }
        return cpu;
    }

    /** What each process used between two readings of {@link #cpuNanos()}; empty when either is unknown. */
    static Map<String, Long> cpuBetween(Map<String, Long> before, Map<String, Long> after) {
        if (before.isEmpty() || after.isEmpty() || !before.keySet().equals(after.keySet())) {
            return Map.of();
        }
        Map<String, Long> used = new LinkedHashMap<>();
        before.forEach((name, nanos) -> used.put(name, after.get(name) - nanos));
        return used;
    }

    /** Whether all four still run (a died process makes every later figure meaningless). */
    Optional<String> dead() {
        for (ServiceProcess process : processes.values()) {
            if (!process.isAlive()) {
                return Optional.of(process.name() + " exited with code " + process.exitValue() + process.tail());
            }
        }
        return Optional.empty();
    }

    /** Stops the LSS (and with it its sessions), the GSS, AUTH and the database, in that order. */
    @Override
    public void close() {
        List<ServiceProcess> running = new ArrayList<>(processes.values());
        Collections.reverse(running);
        for (ServiceProcess process : running) {
            if (!process.stop(Duration.ofSeconds(30))) {
                BenchmarkRun.log(process.name() + " did not stop within 30 s after SIGTERM; killed it");
            }
        }
        processes.clear();
    }
}
