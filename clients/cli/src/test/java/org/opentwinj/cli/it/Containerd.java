package org.opentwinj.cli.it;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A containerd daemon of the test's own (root, state and socket under one directory, no CRI
 * plugin), driven with {@code ctr}, as on a Kubernetes node: images go into the
 * {@code k8s.io} namespace, where the kubelet looks for them.
 */
final class Containerd implements AutoCloseable {
    static final String NAMESPACE = "k8s.io";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    private final Path directory;
    private final Process daemon;

    /** What a ctr command printed and how it ended. */
    record Result(int exitCode, String output) {}

    private Containerd(Path directory, Process daemon) {
        this.directory = directory;
        this.daemon = daemon;
    }

    /** Why containerd cannot be tested here, or empty when it can. */
    static Optional<String> missing() {
        for (String program : List.of("containerd", "ctr")) {
            if (ContainerPodman.which(program).isEmpty()) {
                return Optional.of(program + " is not installed: the image archive's import into containerd is not tested "
                        + "(Debian: apt-get install containerd; .ci/run installs it)");
            }
        }
        return Optional.empty();
    }

    /** Starts a daemon whose files are all under {@code directory}; waits until it answers. */
    static Containerd start(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path config = Files.writeString(directory.resolve("config.toml"), """
                version = 2
                root = "%s"
                state = "%s"
                [grpc]
                  address = "%s"
                [plugins."io.containerd.grpc.v1.cri"]
                  disable = true
                """.formatted(directory.resolve("root"), directory.resolve("state"), directory.resolve("containerd.sock")));
        Process daemon = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("containerd.log").toFile()).start();
        Containerd containerd = new Containerd(directory, daemon);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (containerd.ctr("version").exitCode() != 0) {
            if (!daemon.isAlive() || Instant.now().isAfter(deadline)) {
                String log = Files.readString(directory.resolve("containerd.log"));
                containerd.close();
                throw new AssertionError("containerd did not start:\n" + log);
            }
            Thread.sleep(200);
        }
        return containerd;
    }

    /** Runs {@code ctr --address <socket> -n k8s.io <arguments>}. */
    Result ctr(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ctr", "--address", directory.resolve("containerd.sock").toString(),
                "--namespace", NAMESPACE));
        command.addAll(List.of(arguments));
        try {
            Path out = Files.createTempFile(directory, "ctr", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
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

    /** Stops the daemon and removes its files. */
    @Override
    public void close() {
        daemon.destroy();
        try {
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor();
            }
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove containerd's files under " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
