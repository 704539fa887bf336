package org.opentwinj.cli.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.JavaCommand;
import org.opentwinj.platform.logging.LogFiles;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.auth.FirstAdmin;

/**
 * Runs the local level: each service as its own process (the same processes a cluster
 * runs), started in order, each waited for until {@code /readyz} says ready; then watches
 * them until asked to stop, and stops them in reverse order with SIGTERM, waiting for each.
 */
final class LocalPlatform {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final LocalLayout layout;
    private final LocalCertificates certificates;
    private final PrintStream out;
    private final List<Started> started = new ArrayList<>();
    private final Map<String, String> environment;
    private String adminNotice;
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "OPEN_TWIN_ADMIN_PASSWORD";

    private record Started(LocalLayout.LocalService service, Process process, Path log) {}

    LocalPlatform(LocalLayout layout, Map<String, String> environment, PrintStream out) {
        this.layout = layout;
        this.environment = environment;
        this.certificates = new LocalCertificates(layout.pki());
        this.out = out;
    }

    /**
     * Starts everything, then blocks until {@code stop} completes or a service dies.
     *
     * @return the exit code: 0 after a requested stop, else the code of the service that died
     */
    ExitCode run(CompletableFuture<String> stop) {
        try {
            prepare();
            for (LocalLayout.LocalService service : layout.services()) {
                start(service);
            }
            PlatformState.of(
                            ProcessHandle.current(),
                            started.stream()
                                    .map(s -> PlatformState.service(
                                            s.service().name(),
                                            s.process().toHandle(),
                                            layout.url(s.service()),
                                            s.log().toString()))
                                    .toList())
                    .write(layout.stateFile());
            printSummary();
            return watch(stop);
        } finally {
            stopAll();
            try {
                Files.deleteIfExists(layout.stateFile());
            } catch (IOException e) {
                out.println("could not remove " + layout.stateFile() + ": " + e.getMessage());
            }
        }
    }

    private void prepare() {
        try {
            Files.createDirectories(layout.pki());
            Files.createDirectories(layout.logs());
            Files.createDirectories(layout.run());
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "cannot use data directory " + layout.dataDirectory() + ": " + e.getMessage(),
                    e);
        }
        if (certificates.ensureCa()) {
            out.println("created a certificate authority in " + layout.pki());
        }
        List<String> hosts = List.of(layout.host(), "localhost", "127.0.0.1", "::1");
        for (LocalLayout.LocalService service : layout.services()) {
            certificates.issue(service.name(), hosts);
        }
        certificates.issue(LocalCertificates.CLIENT, List.of("localhost"));
    }

    private void start(LocalLayout.LocalService service) {
        out.print("starting " + service.name() + " ... ");
        out.flush();
        long begin = System.nanoTime();
        Path log = layout.logs().resolve(service.name() + ".log");
        List<String> arguments = new ArrayList<>(List.of(
                "run",
                service.name(),
                "--service-url",
                layout.url(service).toString(),
                "--bind",
                layout.host(),
                "--cert",
                certificates.cert(service.name()).toString(),
                "--key",
                certificates.key(service.name()).toString(),
                "--ca",
                certificates.ca().toString()));
        if (service.name().equals(LocalLayout.LOGGER)) {
            arguments.addAll(List.of(
                    "--log-file", layout.logs().resolve("platform.jsonl").toString()));
        } else {
            arguments.addAll(List.of("--logger-url", layout.loggerUrl().toString()));
        }
        if (service.name().equals(LocalLayout.AUTH)) {
            ensureFirstAdmin();
            arguments.addAll(List.of("--database-url", layout.databaseUrl()));
        }
        if (service.name().equals(LocalLayout.GSS)) {
            arguments.addAll(List.of(
                    "--database-url",
                    layout.databaseUrl(),
                    "--auth-url",
                    layout.urlOf(LocalLayout.AUTH).toString()));
            if (layout.has(LocalLayout.RELAY)) {
                arguments.addAll(
                        List.of("--relay-url", layout.urlOf(LocalLayout.RELAY).toString()));
            }
        }
        if (service.name().equals(LocalLayout.RELAY)) {
            arguments.addAll(List.of(
                    "--gss-url",
                    layout.urlOf(LocalLayout.GSS).toString(),
                    "--auth-url",
                    layout.urlOf(LocalLayout.AUTH).toString()));
            if (layout.has(LocalLayout.WEB)) {
                // The browser client's pages come from the web service: a different origin.
                int web = layout.urlOf(LocalLayout.WEB).getPort();
                arguments.addAll(
                        List.of("--allowed-origins", layout.urlOf(LocalLayout.WEB) + ",https://localhost:" + web));
            }
        }
        if (service.name().equals(LocalLayout.WEB)) {
            arguments.addAll(List.of(
                    "--gss-url",
                    layout.urlOf(LocalLayout.GSS).toString(),
                    "--auth-url",
                    layout.urlOf(LocalLayout.AUTH).toString()));
        }
        if (service.name().equals(LocalLayout.LSS)) {
            int first = service.extraPort();
            arguments.addAll(List.of(
                    "--database-url",
                    layout.databaseUrl(),
                    "--gss-url",
                    layout.urlOf(LocalLayout.GSS).toString(),
                    "--auth-url",
                    layout.urlOf(LocalLayout.AUTH).toString(),
                    "--session-ca-key",
                    certificates.caKey().toString(),
                    "--work-dir",
                    layout.lssWork().toString(),
                    "--port-range",
                    first + "-" + (first + LocalLayout.SESSION_PORTS_LAST - LocalLayout.SESSION_PORTS_FIRST)));
        }
        // up stops the services itself, in order, also on Ctrl-C (which the terminal sends to them all).
        arguments.add("--stopped-by-parent");
        if (service.name().equals(LocalLayout.DATABASE)) {
            arguments.addAll(List.of(
                    "--database-dir",
                    layout.database().toString(),
                    "--database-port",
                    Integer.toString(service.extraPort())));
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(JavaCommand.of("org.opentwinj.cli.OpenTwinCli", arguments))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // up creates the first admin itself: no service needs the password.
            builder.environment().remove(ADMIN_PASSWORD);
            process = builder.start();
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INTERNAL_ERROR, "cannot start " + service.name() + ": " + e.getMessage(), e);
        }
        started.add(new Started(service, process, log));
        awaitReady(service, process, log);
        out.printf("ready (%.1f s)%n", (System.nanoTime() - begin) / 1e9);
    }

    /** On first run, the first admin: password from OPEN_TWIN_ADMIN_PASSWORD, or generated and shown once. */
    private void ensureFirstAdmin() {
        Optional<String> given =
                Optional.ofNullable(environment.get(ADMIN_PASSWORD)).filter(p -> !p.isBlank());
        try (DatabaseConnection database = DatabaseConnection.open(
                layout.databaseUrl(),
                Duration.ofSeconds(10),
                certificates.client().clientContext())) {
            Optional<String> created = FirstAdmin.ensure(database.database(), ADMIN, given);
            if (created.isPresent()) {
                adminNotice = given.isPresent()
                        ? "First run: created user '" + ADMIN + "' with the password from " + ADMIN_PASSWORD + "."
                        : "First run: created user '" + ADMIN + "' with password " + created.get()
                                + "  (shown only this once)";
            }
        }
    }

    private void awaitReady(LocalLayout.LocalService service, Process process, Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (ServiceClient client = new ServiceClient(
                certificates.client().clientContext(),
                ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(5)))) {
            while (true) {
                if (!process.isAlive()) {
                    out.println("failed");
                    throw new ExitException(
                            exitCodeOf(process.exitValue()),
                            service.name() + " exited with code " + process.exitValue() + " while starting: "
                                    + lastLine(log) + " (log: " + log + ")");
                }
                try {
                    client.get(layout.url(service), "/readyz");
                    return;
                } catch (PeerCallException e) {
                    if (System.nanoTime() > deadline) {
                        out.println("failed");
                        throw new ExitException(
                                ExitCode.PEER_UNREACHABLE,
                                service.name() + " not ready after " + READY_TIMEOUT.toSeconds() + " s: "
                                        + e.getMessage() + " (log: " + log + ")");
                    }
                }
                sleep(100);
            }
        }
    }

    private ExitCode watch(CompletableFuture<String> stop) {
        while (true) {
            try {
                String reason = stop.get(500, TimeUnit.MILLISECONDS);
                out.println("stopping (" + reason + ") ...");
                return ExitCode.OK;
            } catch (TimeoutException e) {
                for (Started service : started) {
                    if (!service.process().isAlive()) {
                        int code = service.process().exitValue();
                        out.println(service.service().name() + " exited with code " + code + ": "
                                + lastLine(service.log()) + "; stopping the platform (log: " + service.log() + ")");
                        return code == 0 ? ExitCode.INTERNAL_ERROR : exitCodeOf(code);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.OK;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void stopAll() {
        for (Started service : started.reversed()) {
            Process process = service.process();
            if (!process.isAlive()) {
                continue;
            }
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    out.println(service.service().name() + " did not stop within " + STOP_TIMEOUT.toSeconds()
                            + " s; killing it");
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                } else {
                    out.println("stopped " + service.service().name() + " (exit code " + process.exitValue() + ")");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void printSummary() {
        out.println();
        out.println("OpenTwin/J is up (local level). Data: " + layout.dataDirectory());
        for (Started service : started) {
            out.printf("  %-10s %s%n", service.service().name(), layout.url(service.service()));
        }
        out.println("Database: " + layout.databaseUrl() + " (data in " + layout.database() + ")");
        if (adminNotice != null) {
            out.println(adminNotice);
        }
        if (layout.has(LocalLayout.WEB)) {
            out.println(
                    "Web client: " + layout.urlOf(LocalLayout.WEB) + "  (the browser will not know the local CA: trust "
                            + certificates.ca() + " or accept the warning)");
        }
        out.println("Logs: " + layout.logs() + "   CA: " + certificates.ca());
        out.println("Ctrl-C here, or 'opentwin down' in another terminal, stops everything.");
    }

    static ExitCode exitCodeOf(int code) {
        for (ExitCode exitCode : ExitCode.values()) {
            if (exitCode.code() == code) {
                return exitCode;
            }
        }
        return ExitCode.INTERNAL_ERROR;
    }

    static String lastLine(Path log) {
        try {
            Optional<String> error = LogFiles.lastError(log);
            if (error.isPresent()) {
                return error.get();
            }
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(empty log)" : lines.getLast();
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExitException(ExitCode.OK, "interrupted");
        }
    }
}
