package org.opentwinj.bench.transport;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.opentwinj.bench.support.ChildProcesses;

/**
 * The OpenTwin/J server under test, started as {@code java ... TransportBenchmark serve DIR}
 * in a JVM of its own: a load generator sharing the server's JVM would share its heap, GC
 * pauses and JIT, which no real peer does. Same JDK and class path as the harness.
 */
final class EchoServerProcess extends Target {
    /**
     * Flags of the server JVM, shown in the report: the one flag services run with, and the
     * JDK's default heap and GC (G1), so the numbers are those of a service as deployed.
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+ExitOnOutOfMemoryError");

    private EchoServerProcess(Process process, int port, String description) {
        super("OpenTwin/J", process, port, description);
    }

    static EchoServerProcess start(Path dir, Duration timeout) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                TransportBenchmark.class.getName(),
                "serve",
                dir.toString()));
        Path log = dir.resolve("opentwin-server.log");
        // stdin stays a pipe: the child stops when it closes (see EchoServe).
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        EchoServerProcess server;
        try {
            int port = awaitPort(process, dir.resolve(EchoServe.PORT_FILE), timeout, log);
            server = new EchoServerProcess(
                    process,
                    port,
                    "OpenTwin/J ServiceServer (Helidon SE " + helidonVersion() + ") in its own JVM: "
                            + String.join(" ", JVM_FLAGS));
            ChildProcesses.awaitListening(process, port, timeout, "the OpenTwin/J server", log);
        } catch (IOException | RuntimeException e) {
            ChildProcesses.stop(process, Duration.ofSeconds(3));
            throw e;
        }
        return server;
    }

    private static int awaitPort(Process process, Path portFile, Duration timeout, Path log) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                return Integer.parseInt(
                        Files.readString(portFile, StandardCharsets.US_ASCII).strip());
            }
            if (!process.isAlive()) {
                throw new IOException("the OpenTwin/J server exited with " + process.exitValue() + " before listening"
                        + ChildProcesses.tail(log));
            }
            ChildProcesses.sleep(50);
        }
        throw new IOException(
                "the OpenTwin/J server wrote no port within " + timeout.toSeconds() + "s" + ChildProcesses.tail(log));
    }

    /** From the jar's Maven metadata; the manifest of Helidon's jars has no version. */
    private static String helidonVersion() {
        try (var in = WebServer.class.getResourceAsStream(
                "/META-INF/maven/io.helidon.webserver/helidon-webserver/pom.properties")) {
            if (in != null) {
                var properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "4");
            }
        } catch (IOException ignored) {
            // Only cosmetic.
        }
        return "4";
    }

    /** Closes stdin (a clean stop), then falls back to signals. */
    @Override
    void stop(Process process) {
        ChildProcesses.closeInputThenStop(process, Duration.ofSeconds(5), Duration.ofSeconds(3));
    }
}
