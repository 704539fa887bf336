package org.opentwinj.bench.session;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.bench.support.ChildProcesses;

/**
 * The peer: the same echo services started directly by the harness, without GSS or LSS. Each
 * gets its own certificate (made before the clock starts), a free port, the flags the LSS
 * gives session services except the session ones ({@code --lss-url}, {@code --session-id},
 * {@code --session-service}), and the very JVM options the LSS gives its children. They are
 * forked in parallel, like the LSS does, and each is polled with {@code GET /readyz} every
 * {@value #POLL_MS} ms until it answers 200; the start is ready when the last one answers.
 * Stopped with SIGTERM, as the LSS stops session services.
 */
final class DirectStart {
    static final long POLL_MS = 10;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Distribution distribution;
    private final BenchPki pki;
    private final Path dir;
    private final List<String> jvmOptions;
    private final List<String> settings;
    private final Path archive;
    private final Duration timeout;
    private final int services;
    private final String service;
    private final Map<String, String> environment;

    /**
     * @param dir        where each start's certificates and logs go
     * @param jvmOptions the JVM options of each process
     * @param settings   flags after the ones naming its URL, bind address and certificate
     * @param archive    the variant's archive, to check that the processes mapped it; null for none
     * @param services   how many processes one start has (3; 1 for a training run)
     */
    DirectStart(
            Distribution distribution,
            BenchPki pki,
            Path dir,
            List<String> jvmOptions,
            List<String> settings,
            Path archive,
            Duration timeout,
            int services) {
        this(distribution, pki, dir, jvmOptions, settings, archive, timeout, services, "echo", Map.of());
    }

    /**
     * @param service     the service each process runs ({@code opentwin run <service>})
     * @param environment variables each process gets, as the LSS gives its children the database URL
     */
    DirectStart(
            Distribution distribution,
            BenchPki pki,
            Path dir,
            List<String> jvmOptions,
            List<String> settings,
            Path archive,
            Duration timeout,
            int services,
            String service,
            Map<String, String> environment) {
        this.service = service;
        this.environment = Map.copyOf(environment);
        this.distribution = distribution;
        this.pki = pki;
        this.dir = dir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.settings = List.copyOf(settings);
        this.archive = archive;
        this.timeout = timeout;
        this.services = services;
    }

    private record Slot(String name, URI url, List<String> command, Path log) {}

    private static final class Started {
        volatile ServiceProcess process;
        volatile Instant spawned;
        volatile long spawnedNanos;
        volatile Instant ready;
        volatile long readyNanos = -1;
        volatile String failure;
    }

    /**
     * @param detailed    also read memory, CPU, archive mapping and logs (and, with {@code platform}, the other load)
     * @param abandon     when it turns true before all are ready, the start is stopped and counted as cut off
     * @param commandLine receives the command line of one of its processes (detailed only)
     */
    StartSample run(boolean detailed, BooleanSupplier abandon, Consumer<List<String>> commandLine) throws IOException {
        return run(detailed, null, abandon, commandLine);
    }

    /**
     * @param platform the platform idling meanwhile, whose CPU counts as the run's own for the other-load figure; may be null
     */
    StartSample run(boolean detailed, Platform platform, BooleanSupplier abandon, Consumer<List<String>> commandLine)
            throws IOException {
        long number = SEQUENCE.incrementAndGet();
        List<Slot> slots = new ArrayList<>();
        for (int i = 1; i <= services; i++) {
            String name = services == 1 && !service.equals("echo") ? service : service + "-" + i;
            Path home = dir.resolve("direct-" + number).resolve(name);
            Files.createDirectories(home);
            // The subject the LSS would give: service name and an id of the start.
            pki.writePeer(home, "service", name + ".direct-" + number);
            URI url = URI.create("https://127.0.0.1:" + ChildProcesses.freePort());
            List<String> arguments = new ArrayList<>(List.of(
                    "run",
                    service,
                    "--service-url",
                    url.toString(),
                    "--bind",
                    "127.0.0.1",
                    "--cert",
                    home.resolve("service.pem").toString(),
                    "--key",
                    home.resolve("service-key.pem").toString(),
                    "--ca",
                    pki.caCertificate().toString()));
            arguments.addAll(settings);
            slots.add(new Slot(name, url, distribution.command(jvmOptions, arguments), home.resolve("service.log")));
        }
        HttpClient http = HttpClient.newBuilder()
                .sslContext(pki.trustOnly())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        List<Started> started = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Map<String, Long> platformBefore = detailed && platform != null ? platform.cpuNanos() : Map.of();
        ProcFs.CpuCounters machineBefore = detailed ? ProcFs.machineCpu() : null;
        long harnessBefore = detailed ? ProcFs.cpuNanos(ProcessHandle.current().pid()) : -1;
        Instant sent = Instant.now();
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        try (http) {
            for (Slot slot : slots) {
                Started s = new Started();
                started.add(s);
                threads.add(Thread.ofVirtual().start(() -> startAndAwait(slot, s, http, deadline, abandon)));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAll(started);
            return StartSample.failed(StartSample.Kind.DIRECT, "interrupted", System.nanoTime(), 0);
        }
        String failure = started.stream()
                .map(s -> s.failure)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (failure != null) {
            stopAll(started);
            return StartSample.failed(StartSample.Kind.DIRECT, failure, System.nanoTime(), 0);
        }
        long readyNanos = started.stream().mapToLong(s -> s.readyNanos).max().orElseThrow();
        double machineBusy = detailed ? ProcFs.machineCpu().busyPercentSince(machineBefore) : Double.NaN;
        long harnessUsed = detailed ? ProcFs.cpuNanos(ProcessHandle.current().pid()) - harnessBefore : -1;
        Map<String, Long> platformUsed =
                platform == null ? Map.of() : Platform.cpuBetween(platformBefore, platform.cpuNanos());
        Instant lastReady = Timeline.latest(started.stream().map(s -> s.ready).toList());
        Instant lastSpawned =
                Timeline.latest(started.stream().map(s -> s.spawned).toList());

        List<Long> peak = new ArrayList<>();
        long cpu = -1;
        int mapped = -1;
        if (detailed) {
            cpu = 0;
            mapped = archive == null ? -1 : 0;
            for (Started s : started) {
                peak.add(ProcFs.peakRssKib(s.process.pid()));
                long c = ProcFs.cpuNanos(s.process.pid());
                cpu = c < 0 || cpu < 0 ? -1 : cpu + c;
                if (archive != null && ProcFs.maps(s.process.pid(), archive)) {
                    mapped++;
                }
            }
            commandLine.accept(ProcFs.arguments(started.getFirst().process.pid()));
        }
        double otherLoad = Double.NaN;
        if (detailed && cpu >= 0 && harnessUsed >= 0 && (platform == null || !platformUsed.isEmpty())) {
            long ours = cpu
                    + harnessUsed
                    + platformUsed.values().stream().mapToLong(Long::longValue).sum();
            otherLoad = ProcFs.otherLoadPercent(
                    machineBusy, ours, readyNanos - t0, Runtime.getRuntime().availableProcessors());
        }
        long stopBegin = System.nanoTime();
        stopAll(started);
        long stopped = System.nanoTime() - stopBegin;

        List<Map<ServiceLog.Step, Long>> steps = new ArrayList<>();
        if (detailed) {
            for (int i = 0; i < slots.size(); i++) {
                Started s = started.get(i);
                steps.add(ServiceLog.steps(
                        s.spawned, ServiceLog.marks(slots.get(i).log()), s.ready));
            }
        }
        return new StartSample(
                StartSample.Kind.DIRECT,
                null,
                readyNanos - t0,
                stopped,
                Timeline.directPhases(sent, lastSpawned, lastReady),
                steps,
                peak,
                cpu,
                Map.of(),
                mapped,
                readyNanos,
                0,
                otherLoad);
    }

    private void startAndAwait(Slot slot, Started s, HttpClient http, long deadline, BooleanSupplier abandon) {
        try {
            s.process = ServiceProcess.start(slot.name(), slot.command(), slot.log(), slot.url(), environment);
            s.spawnedNanos = System.nanoTime();
            s.spawned = Instant.now();
        } catch (IOException e) {
            s.failure = "cannot start " + slot.name() + ": " + e.getMessage();
            return;
        }
        HttpRequest readyz = HttpRequest.newBuilder(slot.url().resolve("/readyz"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (true) {
            if (!s.process.isAlive()) {
                s.failure = slot.name() + " exited with code " + s.process.exitValue() + " before it was ready";
                return;
            }
            if (abandon.getAsBoolean()) {
                s.failure = SessionCycle.CUT_OFF;
                return;
            }
            if (System.nanoTime() > deadline) {
                s.failure = slot.name() + " not ready within " + timeout.toSeconds() + " s";
                return;
            }
            try {
                HttpResponse<Void> response = http.send(readyz, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    s.readyNanos = System.nanoTime();
                    s.ready = Instant.now();
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet, or the TLS handshake is not served yet: poll again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.failure = "interrupted";
                return;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.failure = "interrupted";
                return;
            }
        }
    }

    /** SIGTERM to all at once, then waits for each (the LSS stops a session's services in parallel too). */
    private static void stopAll(List<Started> started) {
        for (Started s : started) {
            if (s.process != null) {
                s.process.terminate();
            }
        }
        for (Started s : started) {
            if (s.process != null) {
                s.process.awaitExit(Duration.ofSeconds(120));
            }
        }
    }
}
