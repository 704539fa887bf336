package org.opentwinj.cli.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.opentwinj.platform.launcher.JvmOptions;

/**
 * The last step of {@code up}'s AOT training ({@code OPEN_TWIN_AOT_TRAINING=true}, run by
 * {@code ./opentwin build}): once the platform is ready, one Model JVM with the session services'
 * JVM options serves a scratch project until ready and is stopped, writing {@code aot/session.aot}
 * as it exits. Session services and pooled JVMs start from that cache: their start-up path, the
 * database driver and the Model's classes come loaded and linked from it.
 *
 * <p>A training that fails costs speed, never a start: the session services then start from
 * the LSS's cache, and {@code up} goes on.
 */
final class SessionCacheTraining {
    static final String SERVICE = "model";
    /** Nobody's project: the training platform lives in a scratch directory that is removed after. */
    static final String PROJECT = "aot-training";
    /** Writing the cache at exit takes a few seconds; more on a busy machine. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    private final LocalLayout layout;
    private final LocalCertificates certificates;
    private final JvmOptions jvmOptions;
    private final PrintStream out;

    SessionCacheTraining(LocalLayout layout, LocalCertificates certificates, JvmOptions jvmOptions, PrintStream out) {
        this.layout = layout;
        this.certificates = certificates;
        this.jvmOptions = jvmOptions;
        this.out = out;
    }

    /** @return whether the Model started, got ready and stopped cleanly (its cache written) */
    boolean run(ServiceStarter starter) {
        List<String> options = jvmOptions.sessionCacheTraining();
        if (options.isEmpty()) {
            return false;
        }
        out.println("training the session services' AOT cache with one Model start ...");
        try {
            certificates.issue(SERVICE, List.of(layout.host(), "localhost", "127.0.0.1", "::1"));
            LocalLayout.LocalService model = new LocalLayout.LocalService(SERVICE, freePort(), 0);
            SupervisedService started = starter.launch(
                    model,
                    options,
                    ServiceArguments.sessionCacheTraining(model, PROJECT, layout, certificates),
                    CompletableFuture.completedFuture(null));
            Process process = started.process();
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                out.println("the training Model did not stop within " + STOP_TIMEOUT.toSeconds()
                        + " s; session services start from the LSS's cache");
                return false;
            }
            out.println("trained the session services' AOT cache (Model exit code " + process.exitValue() + ")");
            return process.exitValue() == 0;
        } catch (StartFailure | IOException | RuntimeException e) {
            out.println("training the session services' AOT cache failed; they start from the LSS's cache: "
                    + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(layout.host()))) {
            return socket.getLocalPort();
        }
    }
}
