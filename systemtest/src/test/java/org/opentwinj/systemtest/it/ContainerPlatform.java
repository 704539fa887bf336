package org.opentwinj.systemtest.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The platform as containers on one podman network, wired as deploy/compose/compose.yaml
 * wires it: every service issues its certificate at start from the CA mounted as a podman
 * secret, reaches its peers by their network alias, and the GSS, AUTH, the relay and the web
 * service are published on 127.0.0.1 for the test, which plays the thin client. The embedded
 * database stands in for MongoDB (no MongoDB image can be pulled here).
 */
final class ContainerPlatform {
    /** Container ports, as in the images and the compose file. */
    static final Map<String, Integer> PORTS = Map.of(
            "logger", 8090, "database", 8089, "auth", 8092, "gss", 8091, "lss", 8093, "relay", 8094, "web", 8443);

    static final int WIRE_PORT = 27017;
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    static final String DATABASE_URL = "mongodb://database:" + WIRE_PORT + "/opentwin?tls=true";

    private final ContainerPodman podman;
    private final ContainerPodman.Run run;
    private final ContainerImages.Built images;
    private final String prefix;
    private final Map<String, Integer> hostPorts = new LinkedHashMap<>();
    private final Map<String, Duration> readyTimes = new LinkedHashMap<>();
    private SSLContext clientTls;

    ContainerPlatform(ContainerImages.Built images, ContainerPodman.Run run) {
        this.podman = images.podman();
        this.images = images;
        this.run = run;
        this.prefix = run.prefix();
        for (String published : List.of("database-wire", "auth", "gss", "relay", "web")) {
            hostPorts.put(published, freePort());
        }
    }

    ContainerPodman.Run run() {
        return run;
    }

    String network() {
        return prefix + "net";
    }

    String container(String service) {
        return prefix + service;
    }

    String image(String service) {
        return images.image(service);
    }

    int hostPort(String service) {
        return hostPorts.get(service);
    }

    String publicUrl(String service) {
        return "https://127.0.0.1:" + hostPort(service);
    }

    /** Cold start to ready (container start to the service's "ready at" log line), per container in start order. */
    Map<String, Duration> readyTimes() {
        return readyTimes;
    }

    /** The network, the volumes, and the CA and its key as secrets; all labelled as the run's. */
    void prepare(TestCertificates pki) {
        clientTls = pki.material("client").clientContext();
        podman.require(command(List.of("network", "create"), run.labels(), List.of(network())));
        podman.require(command(
                List.of("secret", "create"),
                run.labels(),
                List.of(prefix + "ca", pki.caFile().toString())));
        podman.require(command(
                List.of("secret", "create"),
                run.labels(),
                List.of(prefix + "ca-key", pki.caKeyFile().toString())));
        for (String volume : List.of("database", "logger", "lss")) {
            podman.require(command(List.of("volume", "create"), run.labels(), List.of(prefix + volume)));
        }
    }

    @SafeVarargs
    static String[] command(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all.toArray(String[]::new);
    }

    /** The flags the compose file gives each service (besides the CA). */
    List<String> flags(String service) {
        List<String> flags = new ArrayList<>(List.of(
                "--service-url",
                "https://" + service + ":" + PORTS.get(service),
                "--cert-hosts",
                container(service),
                "--cert-validity-hours",
                "24"));
        String logger = "https://logger:" + PORTS.get("logger");
        String auth = "https://auth:" + PORTS.get("auth");
        String gss = "https://gss:" + PORTS.get("gss");
        switch (service) {
            case "logger", "database" -> {}
            case "auth" -> flags.addAll(List.of("--database-url", DATABASE_URL, "--logger-url", logger));
            case "gss" ->
                flags.addAll(List.of(
                        "--database-url",
                        DATABASE_URL,
                        "--auth-url",
                        auth,
                        "--logger-url",
                        logger,
                        "--relay-url",
                        "https://relay:" + PORTS.get("relay"),
                        "--public-relay-url",
                        publicUrl("relay"),
                        "--public-auth-url",
                        publicUrl("auth")));
            case "relay" ->
                flags.addAll(List.of(
                        "--gss-url",
                        gss,
                        "--auth-url",
                        auth,
                        "--logger-url",
                        logger,
                        "--allowed-origins",
                        publicUrl("web")));
            case "lss" ->
                flags.addAll(List.of(
                        "--database-url",
                        DATABASE_URL,
                        "--gss-url",
                        gss,
                        "--auth-url",
                        auth,
                        "--logger-url",
                        logger,
                        "--session-java-options=-Xmx128m",
                        // No warm pool, as in the suite's other platforms: the test counts the
                        // LSS container's processes.
                        "--pool-size",
                        "0",
                        // Crashed session services come back quickly here, so the test need not wait 10 s.
                        "--restart-initial-delay-ms",
                        "300",
                        "--health-interval-ms",
                        "1000",
                        "--stop-grace-ms",
                        "3000",
                        // Two session JVMs starting at once in the LSS's container on a busy 2-core CI
                        // machine took over the default 60 s to confirm (no class-data sharing in the images).
                        "--confirm-timeout-ms",
                        "180000"));
            case "web" ->
                flags.addAll(List.of(
                        "--gss-url",
                        gss,
                        "--auth-url",
                        auth,
                        "--logger-url",
                        logger,
                        // The page's websocket is bridged to the relay at its container name.
                        "--relay-url",
                        "https://relay:" + PORTS.get("relay")));
            default -> throw new IllegalArgumentException("no container wiring for " + service);
        }
        // Started side by side (ContainersIT), six JVMs at once on a busy 2-core machine: the
        // default waits for a peer (30 s) and for the database (10 s) are not always enough there
        // (AUTH gave up on a database that was up, at load 23).
        if (flags.contains("--gss-url") || flags.contains("--auth-url")) {
            flags.addAll(List.of("--peer-wait-ms", "180000"));
        }
        if (flags.contains("--database-url")) {
            flags.addAll(List.of("--database-timeout-ms", "180000"));
        }
        return flags;
    }

    /** The podman run options of a service's container: network, secrets, volume, limits, published port. */
    List<String> runOptions(String service, boolean withCa) {
        List<String> options = new ArrayList<>(List.of(
                "run",
                "--detach",
                "--name",
                container(service),
                "--network",
                network(),
                "--network-alias",
                service,
                "--memory",
                service.equals("lss") ? "1g" : "384m",
                // No systemd timers here: the test runs the image's health check itself.
                "--health-interval",
                "disable"));
        options.addAll(run.labels());
        if (withCa) {
            options.addAll(List.of(
                    "--secret",
                    prefix + "ca,target=ca.pem,uid=10001,gid=10001,mode=0400",
                    "--secret",
                    prefix + "ca-key,target=ca-key.pem,uid=10001,gid=10001,mode=0400",
                    "--env",
                    "OPEN_TWIN_CA=/run/secrets/ca.pem",
                    "--env",
                    "OPEN_TWIN_CA_KEY=/run/secrets/ca-key.pem"));
        }
        switch (service) {
            case "database" ->
                options.addAll(List.of(
                        "--volume",
                        prefix + "database:/var/lib/opentwin/database",
                        "--publish",
                        "127.0.0.1:" + hostPort("database-wire") + ":" + WIRE_PORT));
            case "logger" -> options.addAll(List.of("--volume", prefix + "logger:/var/lib/opentwin/logger"));
            case "lss" -> options.addAll(List.of("--volume", prefix + "lss:/var/lib/opentwin/lss"));
            case "auth", "gss", "relay", "web" ->
                options.addAll(List.of("--publish", "127.0.0.1:" + hostPort(service) + ":" + PORTS.get(service)));
            default -> {}
        }
        return options;
    }

    /**
     * Starts a service's container, waits for its "ready" log line, then runs the image's
     * health check once it is there (GET /readyz in the container) until it passes. Polling the
     * log keeps the machine free for the starting service: every health check is a JVM.
     *
     * @return cold start to ready: from the container's start to the service's "ready at" log line
     */
    Duration start(String service) {
        launch(service);
        return awaitReady(service);
    }

    /** Starts a service's container and returns at once: services wait for their peers themselves. */
    void launch(String service) {
        List<String> command = new ArrayList<>(runOptions(service, true));
        command.add(image(service));
        command.addAll(flags(service));
        podman.require(command.toArray(String[]::new));
    }

    /**
     * Waits for a launched service's "ready" log line, then runs the image's health check until it
     * passes.
     *
     * @return cold start to ready: from the container's start to the service's "ready at" log line
     */
    Duration awaitReady(String service) {
        String container = container(service);
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Pattern ready = Pattern.compile("\\{\"time\":\"([^\"]+)\",\"message\":\"" + service + " ready at ");
        Matcher matcher = ready.matcher("");
        while (!matcher.reset(logs(container)).find()) {
            String state = podman.run("inspect", "--format", "{{.State.Status}}", container)
                    .stdout()
                    .strip();
            if (!state.equals("running")) {
                throw new AssertionError(container + " is " + state + " (exit code " + exitCode(container)
                        + ") instead of starting:\n" + logTail(container, 20) + "\n" + networkDiagnosis());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        container + " not ready within " + READY_TIMEOUT + ":\n" + logTail(container, 20));
            }
            sleep(250);
        }
        Instant started = Instant.parse(podman.require(
                        "inspect",
                        "--format",
                        "{{.State.StartedAt.Format \"2006-01-02T15:04:05.000000000Z07:00\"}}",
                        container)
                .strip());
        Duration took = Duration.between(started, Instant.parse(matcher.group(1)));
        awaitHealthy(container);
        readyTimes.put(service, took);
        return took;
    }

    /**
     * For a failure between containers: each container's address, whether the host reaches its
     * port there, and the names the network's DNS server (aardvark-dns) was told to answer.
     */
    String networkDiagnosis() {
        StringBuilder out = new StringBuilder("network " + network() + ":\n");
        for (String service : PORTS.keySet()) {
            String address = podman.run(
                            "inspect",
                            "--format",
                            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                            container(service))
                    .stdout()
                    .strip();
            if (address.isEmpty()) {
                continue;
            }
            String reach;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, PORTS.get(service)), 2000);
                reach = "connects";
            } catch (IOException e) {
                reach = "does not connect: " + e;
            }
            out.append("  ")
                    .append(service)
                    .append(' ')
                    .append(address)
                    .append(':')
                    .append(PORTS.get(service))
                    .append(' ')
                    .append(reach)
                    .append(hostPorts.containsKey(service) ? "; " + healthOverTls(service) : "")
                    .append('\n');
        }
        Path dns = Path.of("/run/containers/networks/aardvark-dns", network());
        try {
            out.append("aardvark-dns ").append(dns).append(":\n").append(Files.readString(dns));
        } catch (IOException e) {
            out.append("aardvark-dns ").append(dns).append(": ").append(e).append('\n');
        }
        return out.toString();
    }

    /**
     * Stops a service as {@code podman stop} does (its stop signal, SIGTERM), but when it is
     * still running after {@code grace} the failure shows why: its threads (SIGQUIT makes the
     * JVM print them to its stdout, which podman logs keeps) before it is killed.
     */
    void stop(String service, Duration grace) {
        String container = container(service);
        podman.require("kill", "--signal", "TERM", container);
        Instant deadline = Instant.now().plus(grace);
        while (podman.run("inspect", "--format", "{{.State.Status}}", container)
                .stdout()
                .strip()
                .equals("running")) {
            if (Instant.now().isAfter(deadline)) {
                podman.run("kill", "--signal", "QUIT", container);
                sleep(2000);
                String threads = logTail(container, 600);
                podman.run("stop", "--time", "0", container);
                throw new AssertionError(container + " still runs " + grace.toSeconds()
                        + " s after SIGTERM; its log and threads:\n" + threads);
            }
            sleep(250);
        }
    }

    /** GET /healthz over mutual TLS on the service's published port: whether its TLS server answers at all. */
    private String healthOverTls(String service) {
        if (clientTls == null) {
            return "no client certificate";
        }
        Instant start = Instant.now();
        try (HttpClient client = HttpClient.newBuilder()
                .sslContext(clientTls)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(publicUrl(service) + "/healthz"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return "GET /healthz over TLS from the host: " + response.statusCode() + " in "
                    + Duration.between(start, Instant.now()).toMillis() + " ms";
        } catch (IOException e) {
            return "GET /healthz over TLS from the host failed after "
                    + Duration.between(start, Instant.now()).toMillis() + " ms: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Runs the image's health check until it passes. */
    void awaitHealthy(String container) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        ContainerPodman.Result last = null;
        while (Instant.now().isBefore(deadline)) {
            last = podman.run("healthcheck", "run", container);
            if (last.exitCode() == 0) {
                return;
            }
            sleep(1000);
        }
        throw new AssertionError(container + " not healthy within " + READY_TIMEOUT + "; last check: "
                + (last == null ? "none" : last.output()) + "\n"
                + podman.run("inspect", "--format", "{{json .State.Health}}", container)
                        .stdout() + "\n" + logTail(container, 20));
    }

    String exitCode(String container) {
        return podman.run("inspect", "--format", "{{.State.ExitCode}}", container)
                .stdout()
                .strip();
    }

    String logs(String container) {
        return podman.run("logs", container).output();
    }

    String logTail(String container, int lines) {
        List<String> all = logs(container).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Host pid, container pid and command line of each process in a container. */
    List<ContainerProcess> processes(String container) {
        String out = podman.require("top", container, "hpid", "pid", "args");
        List<ContainerProcess> processes = new ArrayList<>();
        for (String line : out.lines().skip(1).toList()) {
            String[] fields = line.strip().split("\\s+", 3);
            if (fields.length == 3) {
                processes.add(new ContainerProcess(Long.parseLong(fields[0]), Long.parseLong(fields[1]), fields[2]));
            }
        }
        return processes;
    }

    /** A process in a container: its pid on the host, in the container, and its command line. */
    record ContainerProcess(long hostPid, long pid, String commandLine) {
        boolean isSessionService(String session) {
            return commandLine.contains("--session-id " + session);
        }

        boolean isSessionService(String session, String service) {
            return commandLine.contains("--session-id " + session + " --session-service " + service + " ");
        }
    }

    /** The last lines of every container of the platform, for failure messages. */
    String allLogs() {
        StringBuilder all = new StringBuilder();
        for (String service : PORTS.keySet()) {
            if (podman.run("container", "exists", container(service)).exitCode() == 0) {
                all.append("--- ")
                        .append(container(service))
                        .append(" ---\n")
                        .append(logTail(container(service), 12))
                        .append('\n');
            }
        }
        return all.toString();
    }

    Optional<String> volumePath(String volume) {
        ContainerPodman.Result result = podman.run("volume", "inspect", "--format", "{{.Mountpoint}}", prefix + volume);
        return result.exitCode() == 0 ? Optional.of(result.stdout().strip()) : Optional.empty();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
