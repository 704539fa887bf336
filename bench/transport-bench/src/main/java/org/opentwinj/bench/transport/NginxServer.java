package org.opentwinj.bench.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentwinj.bench.support.ChildProcesses;
import org.opentwinj.bench.support.MissingPrerequisiteException;

/**
 * nginx as the peer, in the foreground ({@code daemon off}) as a child of the harness, with
 * the configuration of {@link NginxConfig}. Stopped with SIGTERM (nginx's fast shutdown),
 * then SIGKILL for it and its workers.
 */
final class NginxServer extends Target {
    private final List<ProcessHandle> workers;

    private NginxServer(Process process, List<ProcessHandle> workers, int port, String description) {
        super("nginx", process, port, description);
        this.workers = workers;
    }

    /**
     * @throws MissingNginxException if the binary is not there
     */
    static NginxServer start(Path nginx, Path dir, String workers, Duration timeout) throws IOException {
        requireInstalled(nginx);
        int port = ChildProcesses.freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(
                conf, new NginxConfig(dir, port, workers, Payload.REPLY_TEXT).render(), StandardCharsets.UTF_8);
        Path log = dir.resolve("nginx.out");
        List<String> command = List.of(
                nginx.toString(),
                "-p",
                dir.toString(),
                "-e",
                dir.resolve("nginx-error.log").toString(),
                "-c",
                conf.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            ChildProcesses.awaitListening(process, port, timeout, "nginx", dir.resolve("nginx-error.log"));
        } catch (IOException | RuntimeException e) {
            ChildProcesses.stop(process, Duration.ofSeconds(3));
            throw e;
        }
        List<ProcessHandle> running = process.descendants().toList();
        return new NginxServer(
                process,
                running,
                port,
                "nginx, worker_processes " + workers + " (" + running.size() + " worker process"
                        + (running.size() == 1 ? "" : "es") + " running), access_log off");
    }

    /** The version lines of {@code nginx -V}, without the long configure arguments. */
    static List<String> version(Path nginx) {
        try {
            Process p = new ProcessBuilder(nginx.toString(), "-V")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of("unknown (nginx -V did not answer)");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return out.lines()
                    .filter(l -> l.startsWith("nginx version") || l.startsWith("built with"))
                    .toList();
        } catch (IOException e) {
            return List.of("unknown (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("unknown");
        }
    }

    static void requireInstalled(Path nginx) {
        if (!Files.isExecutable(nginx)) {
            throw new MissingNginxException(nginx);
        }
    }

    /** nginx is the peer of every comparison: without it the run cannot say anything. */
    static final class MissingNginxException extends MissingPrerequisiteException {
        MissingNginxException(Path nginx) {
            super("nginx not found at " + nginx + ": install nginx-light: apt-get install nginx-light"
                    + " (or pass --nginx PATH)");
        }
    }

    /** SIGTERM (nginx's fast shutdown), then SIGKILL for it and every worker seen at the start. */
    @Override
    void stop(Process process) {
        ChildProcesses.stop(process, workers, Duration.ofSeconds(3));
    }
}
