package org.opentwinj.cli.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.JvmOptions;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.supervision.RestartPolicy;
import org.opentwinj.services.auth.FirstAdmin;

/**
 * Runs the local level: each service as its own process (the same processes a cluster
 * runs), each started once the services it needs are ready ({@link LocalLayout#startDependencies},
 * the others side by side: {@link ParallelStart}), each waited for until {@code /readyz} says
 * ready; then a {@link Supervisor} restarts any that dies until asked to stop, and the
 * services stop in reverse order with SIGTERM, waiting for each.
 */
final class LocalPlatform {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "OPEN_TWIN_ADMIN_PASSWORD";

    private final LocalLayout layout;
    private final LocalCertificates certificates;
    private final RestartPolicy restarts;
    private final PrintStream out;
    private final Map<String, String> environment;
    private final JvmOptions jvmOptions;
    private List<SupervisedService> running = new ArrayList<>();
    private String adminNotice;

    LocalPlatform(LocalLayout layout, RestartPolicy restarts, Map<String, String> environment, PrintStream out) {
        this.layout = layout;
        this.restarts = restarts;
        this.environment = environment;
        this.jvmOptions = JvmOptions.forThisDistribution(JvmOptions.trainingAsked(environment));
        this.certificates = new LocalCertificates(layout.pki());
        this.out = out;
    }

    /**
     * Starts everything, then blocks until {@code stop} completes or a service cannot be
     * brought back.
     *
     * @return the exit code: 0 after a requested stop, else the code of the service given up
     */
    int run(CompletableFuture<String> stop) {
        try {
            prepare();
            startAll(stop);
            if (jvmOptions.training()) {
                new SessionCacheTraining(layout, certificates, jvmOptions, out)
                        .run(new ServiceStarter(layout, certificates, stop, jvmOptions));
            }
            writeState(running);
            ServiceStarter starter = new ServiceStarter(layout, certificates, stop, jvmOptions);
            printSummary();
            Supervisor supervisor = new Supervisor(
                    running,
                    restarts,
                    starter,
                    services -> {
                        running = new ArrayList<>(services);
                        writeState(services);
                    },
                    out,
                    Clock.systemUTC());
            return supervisor.watch(stop);
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

    /**
     * Starts every service, independent ones side by side. A service that fails while the
     * platform starts stops it: that is a setup problem, not a crash. What was launched is in
     * {@link #running} either way, so that it is stopped.
     */
    private void startAll(CompletableFuture<String> stop) {
        // Ends the waits of the starts under way when one fails, as a stop of the platform does.
        CompletableFuture<String> abort = new CompletableFuture<>();
        stop.whenComplete((reason, error) -> abort.complete(reason));
        ServiceStarter starter = new ServiceStarter(layout, certificates, abort, jvmOptions);
        ParallelStart.Outcome outcome = new ParallelStart(LocalLayout::startDependencies, LocalLayout::startPeers)
                .run(
                        layout.services(),
                        (service, peersReady) -> {
                            if (service.name().equals(LocalLayout.AUTH)) {
                                ensureFirstAdmin();
                            }
                            return starter.launch(service, peersReady);
                        },
                        abort,
                        new ParallelStart.Progress() {
                            @Override
                            public void starting(LocalLayout.LocalService service) {
                                out.println("starting " + service.name() + " ...");
                            }

                            @Override
                            public void ready(LocalLayout.LocalService service, double seconds) {
                                out.printf("%s ready (%.1f s)%n", service.name(), seconds);
                            }

                            @Override
                            public void failed(LocalLayout.LocalService service) {
                                out.println(service.name() + " failed");
                            }
                        });
        running = new ArrayList<>(outcome.launched());
        switch (outcome.failure()) {
            case null -> {}
            case StartFailure e -> throw new ExitException(exitCodeOf(e.exitCode()), e.getMessage());
            case RuntimeException e -> throw e;
            default -> throw new IllegalStateException("unexpected failure of a start", outcome.failure());
        }
    }

    private void writeState(List<SupervisedService> services) {
        PlatformState.of(
                        ProcessHandle.current(),
                        services.stream()
                                .map(s -> PlatformState.service(
                                        s.name(),
                                        s.process().toHandle(),
                                        layout.url(s.service()),
                                        s.log().toString()))
                                .toList())
                .write(layout.stateFile());
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

    private void stopAll() {
        for (SupervisedService service : running.reversed()) {
            Process process = service.process();
            if (!process.isAlive()) {
                continue;
            }
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    out.println(service.name() + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s; killing it");
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                } else {
                    out.println("stopped " + service.name() + " (exit code " + process.exitValue() + ")");
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
        for (SupervisedService service : running) {
            out.printf("  %-10s %s%n", service.name(), layout.url(service.service()));
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
        out.println("A service that dies is restarted (up to " + restarts.limit()
                + " failed restarts in a row). Ctrl-C here, or 'opentwin down' in another terminal, stops everything.");
    }

    static ExitCode exitCodeOf(int code) {
        for (ExitCode exitCode : ExitCode.values()) {
            if (exitCode.code() == code) {
                return exitCode;
            }
        }
        return ExitCode.INTERNAL_ERROR;
    }
}
