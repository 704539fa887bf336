package org.opentwinj.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Podman for one test run, isolated from everything else on the machine: its own image
 * store, container database, volumes and secrets under a directory of the run (a
 * storage.conf and a containers.conf exported as {@code CONTAINERS_STORAGE_CONF} and
 * {@code CONTAINERS_CONF}); only the network is global, under a name unique to the run.
 * The containers.conf carries the runtime fix this kind of machine needs (rlimits within the
 * sandbox's hard limits, runc). Tearing down removes every container, volume, secret, image
 * and the network, unmounts the store and deletes the directory.
 */
final class ContainerPodman {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);
    private final Path directory;
    private final Map<String, String> environment;

    /** What a podman command printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private ContainerPodman(Path directory) {
        this.directory = directory;
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CONTAINERS_CONF", directory.resolve("containers.conf").toString());
        env.put("CONTAINERS_STORAGE_CONF", directory.resolve("storage.conf").toString());
        this.environment = Map.copyOf(env);
    }

    /** Why this machine cannot run the container tests, or empty when it can. */
    static Optional<String> missing() {
        for (String program : List.of("podman", "runc")) {
            if (which(program).isEmpty()) {
                return Optional.of(program + " is not installed: the containers level's end-to-end test needs podman and runc "
                        + "(Debian: apt-get install podman runc; .ci/run installs them)");
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("the containers level's end-to-end test runs rootful podman; run it as root (CI does)");
        }
        return Optional.empty();
    }

    /** A podman with its own store under {@code directory}; the directory must not exist yet. */
    static ContainerPodman isolated(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("storage.conf"), """
                    [storage]
                    driver = "overlay"
                    graphroot = "%s"
                    runroot = "%s"
                    """.formatted(directory.resolve("storage"), directory.resolve("run")));
            long files = hardLimit("Max open files", 65_536);
            long processes = Math.min(hardLimit("Max processes", 32_768), 32_768);
            Files.writeString(directory.resolve("containers.conf"), """
                    [containers]
                    default_ulimits = ["nofile=%d:%d", "nproc=%d:%d"]
                    [engine]
                    runtime = "runc"
                    events_logger = "none"
                    tmp_dir = "%s"
                    """.formatted(files, files, processes, processes, directory.resolve("tmp")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ContainerPodman(directory);
    }

    /** The run's directory of an earlier, killed run can be torn down with this too. */
    static ContainerPodman existing(Path directory) {
        return new ContainerPodman(directory);
    }

    Path directory() {
        return directory;
    }

    /** The environment the CLI and podman get: this process's plus the two configuration files. */
    Map<String, String> environment() {
        return environment;
    }

    Result run(String... arguments) {
        return run(Arrays.asList(arguments));
    }

    Result run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        try {
            Path out = Files.createTempFile(directory, "podman", ".out");
            Path err = Files.createTempFile(directory, "podman", ".err");
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("podman " + String.join(" ", arguments) + " did not end within " + COMMAND_TIMEOUT);
            }
            Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running podman", e);
        }
    }

    /** Runs a command that must succeed; its standard output. */
    String require(String... arguments) {
        Result result = run(arguments);
        if (result.exitCode() != 0) {
            throw new AssertionError("podman " + String.join(" ", arguments) + " failed with exit code " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.stdout();
    }

    /**
     * Removes everything of the run: containers (with their processes), volumes, secrets,
     * images, the network; then unmounts the store and deletes the directory.
     *
     * @return what could not be removed, empty when nothing is left
     */
    List<String> tearDown(String network) {
        List<String> problems = new ArrayList<>();
        attempt(problems, "rm", "--all", "--force", "--time", "0", "--volumes");
        attempt(problems, "volume", "rm", "--all", "--force");
        attempt(problems, "secret", "rm", "--all");
        if (network != null && run("network", "exists", network).exitCode() == 0) {
            attempt(problems, "network", "rm", "--force", network);
        }
        attempt(problems, "rmi", "--all", "--force");
        problems.addAll(leftovers(network));
        unmountStore(problems);
        try {
            deleteTree(directory);
        } catch (IOException e) {
            problems.add("cannot delete " + directory + ": " + e);
        }
        return problems;
    }

    /** Containers, volumes and the network still there; empty when none. */
    List<String> leftovers(String network) {
        List<String> left = new ArrayList<>();
        String containers = run("ps", "--all", "--quiet").stdout().strip();
        if (!containers.isEmpty()) {
            left.add("containers: " + containers.replace('\n', ' '));
        }
        String volumes = run("volume", "ls", "--quiet").stdout().strip();
        if (!volumes.isEmpty()) {
            left.add("volumes: " + volumes.replace('\n', ' '));
        }
        if (network != null && run("network", "exists", network).exitCode() == 0) {
            left.add("network: " + network);
        }
        return left;
    }

    private void attempt(List<String> problems, String... arguments) {
        Result result = run(arguments);
        if (result.exitCode() != 0) {
            problems.add("podman " + String.join(" ", arguments) + ": " + result.output().strip());
        }
    }

    /** containers/storage keeps its overlay directory bind-mounted; undo that before deleting. */
    private void unmountStore(List<String> problems) {
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && fields[4].startsWith(directory.toString())) {
                    mounts.add(fields[4].replace("\\040", " "));
                }
            }
        } catch (IOException e) {
            problems.add("cannot read /proc/self/mountinfo: " + e);
            return;
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        for (String mount : mounts) {
            try {
                Process umount = new ProcessBuilder("umount", mount).redirectErrorStream(true).start();
                String output = new String(umount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (umount.waitFor() != 0) {
                    problems.add("umount " + mount + ": " + output.strip());
                }
            } catch (IOException e) {
                problems.add("umount " + mount + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The hard limit of a resource of this process, from /proc/self/limits. */
    private static long hardLimit(String name, long fallback) {
        Pattern pattern = Pattern.compile("^" + Pattern.quote(name) + "\\s+\\S+\\s+(\\d+|unlimited)\\s.*$");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.matches()) {
                    return matcher.group(1).equals("unlimited") ? fallback : Long.parseLong(matcher.group(1));
                }
            }
        } catch (IOException e) {
            return fallback;
        }
        return fallback;
    }

    private static Optional<Path> which(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
