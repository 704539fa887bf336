package org.opentwinj.systemtest.it;

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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Podman for the container tests, apart from everything else on the machine: its own image
 * store, container database, volumes and secrets under a directory of the build (a
 * storage.conf and a containers.conf exported as {@code CONTAINERS_STORAGE_CONF} and
 * {@code CONTAINERS_CONF}). The containers.conf carries the runtime fix this kind of machine
 * needs (see {@link #writeConfiguration}), so a fresh machine needs only {@code apt-get install
 * podman runc}.
 *
 * <p>A test run gets a {@link Run}: its objects are named {@code ot-<pid>-<random>-...} and
 * labelled with the run and the pid of the JVM, so that a later run can find and remove what
 * a killed one left behind ({@link #sweepLeftovers}) without touching the objects of a run
 * still going in another JVM. Images stay in the store between runs: {@code opentwin images
 * build} keeps those whose inputs did not change.
 */
final class ContainerPodman {
    /** Label of every container, volume, network and secret a test creates: the run's id. */
    static final String RUN_LABEL = "io.opentwinj.test.run";
    /** Label with the pid of the JVM that created the object. */
    static final String PID_LABEL = "io.opentwinj.test.pid";

    private static final Pattern RUN_NAME = Pattern.compile("^ot-(\\d+)-[0-9a-f]+-.*");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);

    private final Path directory;
    private final Map<String, String> environment;

    /** What a podman command printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    /** One test run's objects: their name prefix and labels. */
    record Run(String id) {
        static Run create() {
            return new Run(ProcessHandle.current().pid() + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)));
        }

        /** The prefix of the names of the run's objects: {@code ot-<pid>-<random>-}. */
        String prefix() {
            return "ot-" + id + "-";
        }

        /** The options that label an object as the run's. */
        List<String> labels() {
            return List.of(
                    "--label",
                    RUN_LABEL + "=" + id,
                    "--label",
                    PID_LABEL + "=" + ProcessHandle.current().pid());
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
                return Optional.of(program + " is not installed: the containers level's tests need podman and runc "
                        + "(Debian: apt-get install podman runc; .ci/run installs them)");
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("the containers level's tests run rootful podman; run them as root (CI does)");
        }
        return Optional.empty();
    }

    /** A podman whose store is under {@code directory}, created if needed and kept (with its images) between runs. */
    static ContainerPodman store(Path directory) {
        writeConfiguration(directory);
        return new ContainerPodman(directory);
    }

    /**
     * Writes storage.conf and containers.conf. The runtime fix: podman asks the OCI runtime for
     * rlimits (1048576 open files) above the hard limits of the sandbox these machines run in,
     * which runc refuses with "setrlimit ... Operation not permitted"; crun does not work with
     * their cgroup layout at all. So: runc, and default rlimits equal to this process's hard
     * limits (podman exec and the health checks use them too). The same fix as an OCI runtime
     * wrapper that deletes the rlimits from config.json would need a JSON tool in a shell
     * script on every machine; this needs nothing.
     */
    private static void writeConfiguration(Path directory) {
        try {
            Files.createDirectories(directory.resolve("tmp"));
            Files.writeString(directory.resolve("storage.conf"), """
                    [storage]
                    driver = "overlay"
                    graphroot = "%s"
                    runroot = "%s"
                    """.formatted(
                            directory.resolve("storage"), directory.resolve("run")));
            long files = hardLimit("Max open files", 65_536);
            long processes = Math.min(hardLimit("Max processes", 32_768), 32_768);
            Files.writeString(directory.resolve("containers.conf"), """
                    [containers]
                    default_ulimits = ["nofile=%d:%d", "nproc=%d:%d"]
                    [engine]
                    runtime = "runc"
                    events_logger = "none"
                    tmp_dir = "%s"
                    """.formatted(
                            files, files, processes, processes, directory.resolve("tmp")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the podman configuration under " + directory, e);
        }
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
            Files.createDirectories(directory.resolve("tmp"));
            Path out = Files.createTempFile(directory.resolve("tmp"), "podman", ".out");
            Path err = Files.createTempFile(directory.resolve("tmp"), "podman", ".err");
            try {
                Process process = builder.redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(
                            "podman " + String.join(" ", arguments) + " did not end within " + COMMAND_TIMEOUT);
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run podman " + String.join(" ", arguments), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running podman", e);
        }
    }

    /** Runs a command that must succeed; its standard output. */
    String require(String... arguments) {
        Result result = run(arguments);
        if (result.exitCode() != 0) {
            throw new AssertionError("podman " + String.join(" ", arguments) + " failed with exit code "
                    + result.exitCode() + ":\n" + result.output());
        }
        return result.stdout();
    }

    /**
     * Removes the containers, volumes, networks and secrets of earlier runs whose JVM is gone
     * (killed, or ended before its teardown): found by {@link #PID_LABEL}, and secrets by name.
     *
     * @return what was removed, one line each
     */
    List<String> sweepLeftovers() {
        List<String> removed = new ArrayList<>();
        for (String line : lines(run(
                "ps",
                "--all",
                "--filter",
                "label=" + PID_LABEL,
                "--format",
                "{{.Names}} {{index .Labels \"" + PID_LABEL + "\"}}"))) {
            sweep(line, removed, name -> run("rm", "--force", "--time", "0", "--volumes", name));
        }
        for (String line : lines(run(
                "network",
                "ls",
                "--filter",
                "label=" + PID_LABEL,
                "--format",
                "{{.Name}} {{index .Labels \"" + PID_LABEL + "\"}}"))) {
            sweep(line, removed, name -> run("network", "rm", "--force", name));
        }
        for (String line : lines(run(
                "volume",
                "ls",
                "--filter",
                "label=" + PID_LABEL,
                "--format",
                "{{.Name}} {{index .Labels \"" + PID_LABEL + "\"}}"))) {
            sweep(line, removed, name -> run("volume", "rm", "--force", name));
        }
        for (String name : lines(run("secret", "ls", "--format", "{{.Name}}"))) {
            Matcher matcher = RUN_NAME.matcher(name);
            if (matcher.matches()) {
                sweep(name + " " + matcher.group(1), removed, secret -> run("secret", "rm", secret));
            }
        }
        return removed;
    }

    private static void sweep(
            String nameAndPid, List<String> removed, java.util.function.Function<String, Result> remove) {
        String[] fields = nameAndPid.strip().split("\\s+");
        if (fields.length != 2 || !fields[1].matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(fields[1]);
        if (pid == ProcessHandle.current().pid()
                || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        Result result = remove.apply(fields[0]);
        removed.add(fields[0]
                + (result.exitCode() == 0 ? "" : " (failed: " + result.output().strip() + ")"));
    }

    /**
     * Removes everything of a run: its containers (with their processes), volumes, secrets and
     * network; then, when no container of any run is left in the store, unmounts the store so
     * that {@code mvn clean} can delete it. Images stay.
     *
     * @return what could not be removed, empty when nothing is left
     */
    List<String> tearDown(Run run) {
        List<String> problems = new ArrayList<>();
        String filter = "label=" + RUN_LABEL + "=" + run.id();
        for (String container : lines(run("ps", "--all", "--quiet", "--filter", filter))) {
            attempt(problems, "rm", "--force", "--time", "0", "--volumes", container);
        }
        for (String volume : lines(run("volume", "ls", "--quiet", "--filter", filter))) {
            attempt(problems, "volume", "rm", "--force", volume);
        }
        for (String secret : lines(run("secret", "ls", "--format", "{{.Name}}"))) {
            if (secret.startsWith(run.prefix())) {
                attempt(problems, "secret", "rm", secret);
            }
        }
        for (String network : lines(run("network", "ls", "--quiet", "--filter", filter))) {
            attempt(problems, "network", "rm", "--force", network);
        }
        problems.addAll(leftovers(run));
        if (lines(run("ps", "--all", "--quiet")).isEmpty()) {
            unmountStore(problems);
        }
        return problems;
    }

    /** Containers, volumes, secrets and networks of the run still there; empty when none. */
    List<String> leftovers(Run run) {
        List<String> left = new ArrayList<>();
        String filter = "label=" + RUN_LABEL + "=" + run.id();
        List<String> containers = lines(run("ps", "--all", "--filter", filter, "--format", "{{.Names}}"));
        if (!containers.isEmpty()) {
            left.add("containers: " + containers);
        }
        List<String> volumes = lines(run("volume", "ls", "--quiet", "--filter", filter));
        if (!volumes.isEmpty()) {
            left.add("volumes: " + volumes);
        }
        List<String> networks = lines(run("network", "ls", "--filter", filter, "--format", "{{.Name}}"));
        if (!networks.isEmpty()) {
            left.add("networks: " + networks);
        }
        List<String> secrets = lines(run("secret", "ls", "--format", "{{.Name}}")).stream()
                .filter(s -> s.startsWith(run.prefix()))
                .toList();
        if (!secrets.isEmpty()) {
            left.add("secrets: " + secrets);
        }
        return left;
    }

    /** Removes a whole store: every container, volume, secret and image in it, then its directory. */
    List<String> destroyStore() {
        List<String> problems = new ArrayList<>();
        attempt(problems, "rm", "--all", "--force", "--time", "0", "--volumes");
        attempt(problems, "volume", "rm", "--all", "--force");
        attempt(problems, "secret", "rm", "--all");
        attempt(problems, "rmi", "--all", "--force");
        unmountStore(problems);
        try {
            deleteTree(directory);
        } catch (IOException e) {
            problems.add("cannot delete " + directory + ": " + e);
        }
        return problems;
    }

    private static List<String> lines(Result result) {
        return result.exitCode() != 0
                ? List.of()
                : result.stdout()
                        .lines()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty())
                        .toList();
    }

    private void attempt(List<String> problems, String... arguments) {
        Result result = run(arguments);
        if (result.exitCode() != 0) {
            problems.add("podman " + String.join(" ", arguments) + ": "
                    + result.output().strip());
        }
    }

    /** containers/storage keeps its overlay directory bind-mounted; undo that (and any mount under the store). */
    private void unmountStore(List<String> problems) {
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && fields[4].startsWith(directory.toString() + "/")) {
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
                Process umount = new ProcessBuilder("umount", mount)
                        .redirectErrorStream(true)
                        .start();
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

    static Optional<Path> which(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
