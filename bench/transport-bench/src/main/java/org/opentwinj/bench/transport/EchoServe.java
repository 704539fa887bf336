package org.opentwinj.bench.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.opentwinj.bench.support.BenchPki;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;

/**
 * The {@code serve} sub-mode, run in its own JVM by {@link EchoServerProcess}: a real
 * {@link ServiceServer} (the same code every service runs, metrics included) with one
 * internal action, {@code Echo}, that returns the request's message. It loads the PEM files
 * like a service does, binds 127.0.0.1 on a free port, writes the port to a file, and stops
 * when its standard input closes, which also happens when the harness dies, so no server
 * outlives a run.
 */
final class EchoServe {
    static final String PORT_FILE = "server.port";

    private EchoServe() {}

    /** Serves until standard input reaches end-of-file. */
    static void serve(Path dir) throws IOException {
        TlsMaterial tls = TlsMaterial.load(
                BenchPki.certificate(dir, BenchmarkRun.SERVER),
                BenchPki.key(dir, BenchmarkRun.SERVER),
                BenchPki.caCertificate(dir));
        ActionRegistry registry = new ActionRegistry()
                .register(ActionSpec.internal(
                        Payload.ACTION,
                        Payload.EchoMessage.class,
                        (request, context) -> new Payload.EchoMessage(request.message())));
        ServiceMetrics metrics = new ServiceMetrics("transport-bench");
        ServerOptions options =
                ServerOptions.onPort(0).withBindHost("127.0.0.1").withShutdownGrace(Duration.ofSeconds(2));
        ServiceServer server = ServiceServer.start(
                new ServiceInfo("transport-bench", "bench", "local", URI.create("https://127.0.0.1:0")),
                options,
                tls.serverContext(),
                registry,
                metrics,
                List.of());
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-server"));
        try {
            writePort(dir, server.port());
            waitForEndOfInput(System.in);
        } finally {
            server.stop();
            metrics.close();
        }
    }

    /** Written to a temporary file and moved, so the harness never reads half a number. */
    private static void writePort(Path dir, int port) throws IOException {
        Path tmp = dir.resolve(PORT_FILE + ".tmp");
        Files.writeString(tmp, Integer.toString(port), StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve(PORT_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Anything the harness writes is ignored; only the end of the stream matters.
        }
    }
}
