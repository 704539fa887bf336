package org.opentwinj.systemtest.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A container engine daemon of the test's own, all its files (root, state, sockets) under a
 * new directory in /tmp (the engines put sockets deep under their state directory, and a unix
 * socket's path must stay under 108 bytes), driven by its command-line client: containerd with {@code ctr}, as on a Kubernetes
 * node (images in the {@code k8s.io} namespace, where the kubelet looks for them), or Docker
 * Engine with {@code docker} (no bridge, no iptables rules: it only loads and runs images).
 */
final class EngineDaemon implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final Path directory;
    private final Process daemon;
    private final List<String> client;

    /** What a client command printed and how it ended. */
    record Result(int exitCode, String output) {}

    private EngineDaemon(Path directory, Process daemon, List<String> client) {
        this.directory = directory;
        this.daemon = daemon;
        this.client = client;
    }

    /** Why the engine cannot be tested here, or empty when it can. */
    static Optional<String> missing(String what, String debianPackage, String... programs) {
        for (String program : programs) {
            if (find(program).isEmpty()) {
                return Optional.of(program + " is not installed: " + what + " is not tested (Debian: apt-get install "
                        + debianPackage + "; .ci/run installs it)");
            }
        }
        return Optional.empty();
    }

    /** A program on the PATH, or in /usr/sbin where Debian puts daemons (not on every user's PATH). */
    static Optional<Path> find(String program) {
        return ContainerPodman.which(program)
                .or(() -> Optional.of(Path.of("/usr/sbin", program)).filter(Files::isExecutable));
    }

    /** containerd with its CRI plugin off; {@link #client} runs {@code ctr -n k8s.io}. */
    static EngineDaemon containerd() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("ot-containerd-");
        Path socket = directory.resolve("containerd.sock");
        Path config = Files.writeString(directory.resolve("config.toml"), """
                version = 2
                root = "%s"
                state = "%s"
                [grpc]
                  address = "%s"
                [plugins."io.containerd.grpc.v1.cri"]
                  disable = true
                """.formatted(
                        directory.resolve("root"), directory.resolve("state"), socket));
        return start(
                directory,
                List.of(find("containerd").orElseThrow().toString(), "--config", config.toString()),
                List.of("ctr", "--address", socket.toString(), "--namespace", "k8s.io"),
                "version");
    }

    /** Docker Engine without networking of its own; {@link #client} runs {@code docker}. */
    static EngineDaemon docker() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("ot-docker-");
        String socket = "unix://" + directory.resolve("docker.sock");
        return start(
                directory,
                List.of(
                        find("dockerd").orElseThrow().toString(),
                        "--data-root",
                        directory.resolve("root").toString(),
                        "--exec-root",
                        directory.resolve("exec").toString(),
                        "--pidfile",
                        directory.resolve("docker.pid").toString(),
                        "--host",
                        socket,
                        "--iptables=false",
                        "--ip6tables=false",
                        "--bridge=none",
                        "--containerd-namespace",
                        "opentwin-it",
                        "--containerd-plugins-namespace",
                        "opentwin-it-plugins"),
                List.of("docker", "--host", socket),
                "version");
    }

    private static EngineDaemon start(Path directory, List<String> command, List<String> client, String probe)
            throws IOException, InterruptedException {
        Path log = directory.resolve("daemon.log");
        Process daemon = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        EngineDaemon engine = new EngineDaemon(directory, daemon, client);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (engine.client(probe).exitCode() != 0) {
            if (!daemon.isAlive() || Instant.now().isAfter(deadline)) {
                AssertionError failure =
                        new AssertionError(String.join(" ", command) + " did not start:\n" + Files.readString(log));
                try {
                    engine.close();
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
                throw failure;
            }
            Thread.sleep(200);
        }
        return engine;
    }

    /** Runs the engine's client with its socket and the given arguments. */
    Result client(String... arguments) {
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of(arguments));
        try {
            Path out = Files.createTempFile(directory, "client", ".out");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " did not end within " + COMMAND_TIMEOUT);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Stops the daemon (SIGTERM, then SIGKILL after 30 s) and what it started (dockerd's own
     * containerd), then removes its files, unmounting what it left mounted there.
     */
    @Override
    public void close() {
        List<ProcessHandle> started = daemon.descendants().toList();
        daemon.destroy();
        try {
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor();
            }
            for (ProcessHandle process : started) {
                process.destroy();
                process.onExit().get(10, TimeUnit.SECONDS);
            }
            unmountUnder(directory);
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the engine's files under " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("a process of the engine under " + directory + " did not stop", e);
        }
    }

    /** Unmounts, deepest first, whatever is mounted under {@code directory} (an engine stopped while it had layers mounted). */
    private static void unmountUnder(Path directory) throws IOException, InterruptedException {
        String prefix = directory.toString() + "/";
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length > 1)
                .map(fields -> fields[1].replace("\\040", " "))
                .filter(point -> point.startsWith(prefix))
                .sorted(Comparator.comparing(String::length).reversed())
                .toList();
        for (String point : mounts) {
            new ProcessBuilder("umount", "--lazy", point)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        }
    }
}
