package org.opentwinj.bench.relay;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.opentwinj.bench.support.ChildProcesses;

/**
 * A platform service run the way {@code opentwin run <service> [flags]} runs it (the same
 * {@code RunCommand} and {@code ServiceLauncher}: settings, certificates, peer checks, AUTH's
 * keys, JSON logs, graceful stop), as {@code java ... RelayBenchmark run <service> [flags]} in
 * a JVM of its own with the flag services run with. Same JDK and class path as the harness;
 * no {@code OPEN_TWIN_*} variable of the caller leaks in. Its log (JSON lines) goes to a file
 * in the run directory.
 *
 * <p>It stops when its standard input closes (the harness's clean stop, and also what happens
 * when the harness dies), which starts the launcher's graceful stop; signals are the fallback.
 */
final class ServiceProcess implements AutoCloseable {
    /** Flags of the service JVMs, shown in the report: those {@code ./opentwin} runs services with, minus its class-data archive. */
    static final List<String> JVM_FLAGS = List.of("-XX:+ExitOnOutOfMemoryError");

    private final String service;
    private final Process process;
    private final int port;
    private final Path log;
    private boolean closed;

    private ServiceProcess(String service, Process process, int port, Path log) {
        this.service = service;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the service on 127.0.0.1:{@code port} and waits until its {@code /readyz} says READY.
     *
     * @param flags the service's flags after {@code opentwin run <service>}; {@code --service-url}
     *              and {@code --bind} are added here
     */
    static ServiceProcess start(
            String service, int port, List<String> flags, Path dir, SSLContext trust, Duration timeout)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                RelayBenchmark.class.getName(),
                "run",
                service,
                "--service-url",
                "https://127.0.0.1:" + port,
                "--bind",
                "127.0.0.1"));
        command.addAll(flags);
        Path log = dir.resolve(service + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("OPEN_TWIN_"));
        // stdin stays a pipe: the service stops when it closes (see RelayBenchmark's run mode).
        Process process = builder.start();
        ServiceProcess started = new ServiceProcess(service, process, port, log);
        try {
            started.awaitReady(trust, timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    private void awaitReady(SSLContext trust, Duration timeout) throws IOException, InterruptedException {
        URI readyz = url().resolve("/readyz");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        try (HttpClient http = HttpClient.newBuilder()
                .sslContext(trust)
                .connectTimeout(Duration.ofSeconds(2))
                .build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the " + service + " service exited with " + process.exitValue()
                            + " before it was ready" + ChildProcesses.tail(log));
                }
                try {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(readyz)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    last = "HTTP " + response.statusCode() + " " + response.body();
                } catch (IOException notYet) {
                    last = notYet.toString();
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("the " + service + " service was not ready within " + timeout.toSeconds() + " s (" + last
                + ")" + ChildProcesses.tail(log));
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    ProcessHandle process() {
        return process.toHandle();
    }

    Path log() {
        return log;
    }

    /** How it was started, for the report. */
    String description() {
        return "`opentwin run " + service + "` (RunCommand and ServiceLauncher) in its own JVM: "
                + String.join(" ", JVM_FLAGS);
    }

    /** Closes stdin (the launcher's graceful stop), then falls back to signals. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.closeInputThenStop(process, Duration.ofSeconds(10), Duration.ofSeconds(3));
    }
}
