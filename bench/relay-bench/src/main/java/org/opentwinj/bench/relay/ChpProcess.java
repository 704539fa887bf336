package org.opentwinj.bench.relay;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.bench.support.MissingPrerequisiteException;

/**
 * configurable-http-proxy (JupyterHub's proxy, node-http-proxy underneath) as the peer of the
 * relay: one node process, a child of the harness, with TLS on its public side using the
 * relay's certificate and key, its default target the echo service over HTTPS, and the
 * bench CA trusted towards it ({@code --client-ssl-ca}, so the echo service's certificate is
 * verified; no {@code --insecure}). Websocket upgrades to {@code /ws} are passed to the echo
 * service's {@code /ws} and the frames piped both ways.
 *
 * <p>A three-line preload ({@code --require}) makes node stop (SIGTERM, which the proxy
 * handles) when its standard input closes, so it cannot outlive a harness that was killed.
 */
final class ChpProcess implements AutoCloseable {
    static final String PRELOAD = "stop-when-stdin-closes.cjs";
    static final String PRELOAD_SOURCE = """
            // Written by the relay benchmark: stop the proxy when the harness (our parent) goes away.
            process.stdin.on("end", () => process.kill(process.pid, "SIGTERM"));
            process.stdin.on("error", () => process.kill(process.pid, "SIGTERM"));
            process.stdin.resume();
            """;

    private final Process process;
    private final int port;
    private final String description;
    private boolean closed;

    private ChpProcess(Process process, int port, String description) {
        this.process = process;
        this.port = port;
        this.description = description;
    }

    /**
     * The command line. Pure, so it is unit tested.
     *
     * @param node    the node binary
     * @param preload the stop-with-the-harness preload
     * @param chp     configurable-http-proxy's script
     */
    static List<String> command(
            Path node, Path preload, Path chp, int port, int apiPort, Path certificate, Path key, Path ca, URI target) {
        List<String> command =
                new ArrayList<>(List.of(node.toString(), "--require", preload.toString(), chp.toString()));
        command.addAll(List.of(
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--api-ip",
                "127.0.0.1",
                "--api-port",
                Integer.toString(apiPort),
                "--ssl-cert",
                certificate.toString(),
                "--ssl-key",
                key.toString(),
                "--client-ssl-ca",
                ca.toString(),
                "--default-target",
                target.toString()));
        return command;
    }

    static ChpProcess start(BenchOptions options, BenchPki pki, URI echo, Path dir, Duration timeout)
            throws IOException {
        requireInstalled(options);
        Path preload = dir.resolve(PRELOAD);
        Files.writeString(preload, PRELOAD_SOURCE, StandardCharsets.UTF_8);
        int port = ChildProcesses.freePort();
        int apiPort = ChildProcesses.freePort();
        List<String> command = command(
                options.node(),
                preload,
                options.chp(),
                port,
                apiPort,
                pki.certificate(BenchmarkRun.RELAY),
                pki.key(BenchmarkRun.RELAY),
                pki.caCertificate(),
                echo);
        Path log = dir.resolve("configurable-http-proxy.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The API is not used; a token of our own keeps it closed and the proxy from warning about a missing one.
        builder.environment().put("CONFIGPROXY_AUTH_TOKEN", HexFormat.of().formatHex(randomBytes()));
        Process process = builder.start();
        try {
            ChildProcesses.awaitListening(process, port, timeout, "configurable-http-proxy", log);
        } catch (IOException | RuntimeException e) {
            ChildProcesses.stop(process, Duration.ofSeconds(3));
            throw e;
        }
        String description = "configurable-http-proxy " + packageVersion(options.chp(), "configurable-http-proxy")
                + " (http-proxy-3 "
                + packageVersion(options.chp(), "http-proxy-3") + ") on node " + nodeVersion(options.node())
                + ", one process; `" + String.join(" ", displayed(command, dir)) + "`";
        return new ChpProcess(process, port, description);
    }

    /** The command with the run directory shortened, for the report. */
    private static List<String> displayed(List<String> command, Path dir) {
        String root = BenchOptions.benchHome().toAbsolutePath().normalize().toString();
        return command.stream()
                .map(part -> part.replace(dir.toString(), "$RUN").replace(root, "bench/relay-bench"))
                .toList();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    static void requireInstalled(BenchOptions options) {
        if (!Files.isRegularFile(options.chp())) {
            throw new MissingPeerException("configurable-http-proxy not found at " + options.chp()
                    + ": run bench/relay-bench/run.sh, which installs it with npm ci (or pass --chp PATH)");
        }
        String version = nodeVersion(options.node());
        Matcher major = Pattern.compile("v(\\d+)\\.").matcher(version);
        if (!major.lookingAt()) {
            throw new MissingPeerException("node not found or not working (" + options.node() + ": " + version
                    + "): install Node.js 20 or newer (or pass --node PATH)");
        }
        if (Integer.parseInt(major.group(1)) < 20) {
            throw new MissingPeerException(
                    "node " + version + " is too old: configurable-http-proxy 5 needs Node.js 20 or newer");
        }
    }

    /** The version field of an installed package beside configurable-http-proxy, or "unknown". */
    static String packageVersion(Path chpScript, String name) {
        Path modules = chpScript.toAbsolutePath().getParent().getParent().getParent();
        try {
            String json = Files.readString(modules.resolve(name).resolve("package.json"), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** {@code node -p 'process.version + ...'}: node and the OpenSSL it links. */
    static String nodeVersion(Path node) {
        try {
            Process p = new ProcessBuilder(
                            node.toString(), "-p", "process.version + ' (OpenSSL ' + process.versions.openssl + ')'")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown (no answer)";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    /** The proxy or node is missing: the run cannot compare anything. */
    static final class MissingPeerException extends MissingPrerequisiteException {
        MissingPeerException(String message) {
            super(message);
        }
    }

    int port() {
        return port;
    }

    ProcessHandle process() {
        return process.toHandle();
    }

    String description() {
        return description;
    }

    /** Closes stdin (the preload sends SIGTERM), then falls back to signals. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ChildProcesses.closeInputThenStop(process, Duration.ofSeconds(5), Duration.ofSeconds(3));
    }
}
