package org.opentwinj.systemtest.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.opentwinj.services.auth.FirstAdmin;

/**
 * The global services as separate real processes, started one by one so that a test can
 * kill, stop and restart each: the embedded database, AUTH, the GSS and an LSS. Thin-client
 * calls go over one-way TLS with a token, as a user's would.
 */
final class StandaloneServices implements AutoCloseable {
    static final String ADMIN_PASSWORD = "admin-password-1";

    private final Path work;
    private final TestCertificates pki;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, OpenTwinProcess> processes = new LinkedHashMap<>();
    private final List<OpenTwinProcess> stopped = new ArrayList<>();
    private final int wirePort = freePort();
    final ServiceClient thinClient;

    StandaloneServices(Path work) {
        this.work = work;
        this.pki = new TestCertificates(work.resolve("pki"));
        for (String name : List.of("database", "auth", "gss", "lss", "model", "client")) {
            pki.issue(name, "localhost", "127.0.0.1");
            ports.put(name, freePort());
        }
        thinClient = new ServiceClient(
                TrustOnlyTls.trusting(pki.material("client").trustAnchors()),
                ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(60)));
    }

    private static int freePort() {
        try {
            return ExitCodesIT.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    URI url(String service) {
        return URI.create("https://127.0.0.1:" + ports.get(service));
    }

    String databaseUrl() {
        return "mongodb://127.0.0.1:" + wirePort + "/opentwin?tls=true";
    }

    /** Services started with a class-data-sharing archive of their own (see {@link #ownArchive}). */
    private final Set<String> ownArchives = new HashSet<>();

    /**
     * From now on, starts the service with a class-data-sharing archive of its own
     * ({@code it-<service>.jsa} in the distribution), for a test that restarts it many times.
     * The archive is written when the service first exits cleanly: a killed JVM writes none.
     */
    void ownArchive(String service) {
        ownArchives.add(service);
    }

    /** Starts a service and waits until it is ready; extra flags are added to the command line. */
    OpenTwinProcess start(String service, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "run",
                service,
                "--service-url",
                url(service).toString(),
                "--bind",
                "127.0.0.1",
                "--cert",
                pki.cert(service).toString(),
                "--key",
                pki.key(service).toString(),
                "--ca",
                pki.caFile().toString()));
        switch (service) {
            case "database" ->
                args.addAll(List.of(
                        "--database-dir",
                        work.resolve("db").toString(),
                        "--database-port",
                        Integer.toString(wirePort)));
            case "auth" -> args.addAll(List.of("--database-url", databaseUrl()));
            case "model" ->
                args.addAll(List.of(
                        "--database-url",
                        databaseUrl(),
                        "--auth-url",
                        url("auth").toString()));
            // Heartbeats every 500 ms, lost after 6 misses (3 s): quick to notice a killed LSS, yet
            // not fooled by a loaded 2-core machine pausing a JVM for a second.
            case "gss" ->
                args.addAll(List.of(
                        "--database-url",
                        databaseUrl(),
                        "--auth-url",
                        url("auth").toString(),
                        "--heartbeat-interval-ms",
                        "500",
                        "--heartbeat-misses",
                        "6"));
            case "lss" ->
                args.addAll(List.of(
                        "--database-url",
                        databaseUrl(),
                        "--gss-url",
                        url("gss").toString(),
                        "--auth-url",
                        url("auth").toString(),
                        "--session-ca-key",
                        pki.caKeyFile().toString(),
                        "--work-dir",
                        work.resolve("lss").toString(),
                        "--port-range",
                        portRange(),
                        "--restart-initial-delay-ms",
                        "200",
                        "--health-interval-ms",
                        "500",
                        "--stop-grace-ms",
                        "3000"));
            default -> {}
        }
        args.addAll(List.of(extra));
        if (service.equals("auth")) {
            ensureAdmin();
        }
        OpenTwinProcess process = ownArchives.contains(service)
                ? OpenTwinProcess.startWithArchive(
                        work, Map.of(), "it-" + service + ".jsa", args.toArray(String[]::new))
                : OpenTwinProcess.start(work, Map.of(), args.toArray(String[]::new));
        processes.put(service, process);
        // Generous: a 2-core machine busy with other JVMs once needed more than 90 s to start AUTH.
        Awaitility.await().atMost(Duration.ofSeconds(180)).until(() -> ready(service) || !process.isAlive());
        if (!process.isAlive()) {
            throw new AssertionError(service + " did not start: " + process.stdout() + process.stderr());
        }
        return process;
    }

    private String portRange;

    private String portRange() {
        if (portRange == null) {
            int first = freePort();
            portRange = first + "-" + (first + 20);
        }
        return portRange;
    }

    private void ensureAdmin() {
        try (DatabaseConnection database = DatabaseConnection.open(
                databaseUrl(), Duration.ofSeconds(10), pki.material("client").clientContext())) {
            FirstAdmin.ensure(database.database(), "admin", Optional.of(ADMIN_PASSWORD));
        }
    }

    private boolean ready(String service) {
        try (ServiceClient probe = new ServiceClient(pki.material("client").clientContext(), ClientOptions.DEFAULT)) {
            probe.get(url(service), "/readyz");
            return true;
        } catch (PeerCallException e) {
            return false;
        }
    }

    /** A service's client (mutual TLS, the test's client certificate). */
    ServiceClient serviceClient(Duration timeout) {
        return new ServiceClient(
                pki.material("client").clientContext(), ClientOptions.DEFAULT.withRequestTimeout(timeout));
    }

    /** The platform's database, as a service reaches it. */
    DatabaseConnection databaseConnection() {
        return DatabaseConnection.open(
                databaseUrl(), Duration.ofSeconds(10), pki.material("client").clientContext());
    }

    OpenTwinProcess process(String service) {
        return processes.get(service);
    }

    /** Kills a service with SIGKILL, as a crash would. */
    void kill(String service) throws InterruptedException {
        OpenTwinProcess process = processes.remove(service);
        process.kill();
        stopped.add(process);
    }

    /** Stops a service with SIGTERM and waits for its clean exit. */
    void stop(String service) throws InterruptedException {
        OpenTwinProcess process = processes.remove(service);
        process.terminate();
        process.waitForExit(Duration.ofSeconds(60));
        stopped.add(process);
    }

    /** Logs in as a user over one-way TLS and returns the access token. */
    String login(String user, String password) {
        return thinClient
                .callPublic(url("auth"), "Login", Map.of("username", user, "password", password), null)
                .path("accessToken")
                .asText();
    }

    JsonNode call(String service, String token, String action, Map<String, ?> fields) {
        return thinClient.callPublic(url(service), action, fields, token);
    }

    /** Waits until the session is in the state and returns it. */
    JsonNode awaitSession(String token, String session, String state) {
        JsonNode[] last = new JsonNode[1];
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                last[0] = call("gss", token, "Session.Get", Map.of("session", session));
                return last[0].path("state").asText().equals(state);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "session " + session + " did not become " + state + "; last seen: " + last[0] + "\n" + logs(), e);
        }
        return last[0];
    }

    /** The last lines of every service's output, for failure messages. */
    String logs() {
        StringBuilder all = new StringBuilder();
        processes.forEach((name, process) -> {
            String[] lines = process.stdout().split("\n");
            all.append("--- ").append(name).append(" ---\n");
            for (int i = Math.max(0, lines.length - 15); i < lines.length; i++) {
                all.append(lines[i]).append('\n');
            }
        });
        return all.toString();
    }

    /** The live processes of a session's services, found by their command line. */
    static List<ProcessHandle> sessionProcesses(String session) {
        return processesWith("--session-id " + session);
    }

    /** The live process of one service of a session. */
    static List<ProcessHandle> sessionProcesses(String session, String service) {
        return processesWith("--session-id " + session + " --session-service " + service + " ");
    }

    /**
     * Live processes whose command line contains the text. Read from /proc: the JDK's
     * {@code ProcessHandle.Info} leaves out the arguments of long command lines.
     */
    static List<ProcessHandle> processesWith(String text) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p).contains(text))
                .toList();
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return new String(
                            java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                            java.nio.charset.StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (java.io.IOException e) {
            return process.info().commandLine().orElse("");
        }
    }

    @Override
    public void close() throws Exception {
        List<OpenTwinProcess> running = new ArrayList<>(processes.values());
        java.util.Collections.reverse(running);
        for (OpenTwinProcess process : running) {
            process.terminate();
        }
        for (OpenTwinProcess process : running) {
            try {
                process.waitForExit(Duration.ofSeconds(30));
            } catch (AssertionError e) {
                process.close();
            }
        }
        // Nothing a test started may outlive it, not even the children of a killed LSS.
        processesWith(work.toString()).forEach(ProcessHandle::destroyForcibly);
        thinClient.close();
    }
}
