package org.opentwinj.bench.session;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real CLI from the shell: {@code opentwin session open PROJECT --type bench}, timed from
 * the process's start to its exit once it printed "running". It runs as the ./opentwin wrapper
 * runs the CLI, without the wrapper's own JDK probe and build check: the same java, the
 * wrapper's CLI JVM options, its AOT cache of client commands {@code <distribution>/aot/client.aot} when that is newer
 * than the jar (else the wrapper's fallback, a dynamic CDS archive), and the class path
 * {@code <distribution>/opentwin-cli.jar:<distribution>/lib/*} spelled as the wrapper spells it
 * (a cache only applies to the class path it was made for; this is why it runs from the
 * distribution itself, not the run's copy). Its data directory is the run's own: the
 * platform's CA in {@code pki/ca.pem} and the login that {@code opentwin login --gss-url}
 * stored in {@code client/login.json}.
 */
final class CliOpen {
    /** The wrapper's CLI_JVM_OPTIONS and QUIET_CACHE. */
    static final List<String> WRAPPER_OPTIONS =
            List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:-UsePerfData");

    static final List<String> QUIET_CACHE = List.of("-Xlog:aot*=off", "-Xlog:cds*=off");
    private static final Pattern RUNNING = Pattern.compile("(?m)^session (\\S+) is running$");
    private static final Pattern OPENED = Pattern.compile("(?m)^session (\\S+) for project ");

    private final Path java;
    private final List<String> jvmOptions;
    private final String classPath;
    private final Path dataDir;
    private final Duration timeout;
    private final String cache;

    private CliOpen(
            Path java, List<String> jvmOptions, String classPath, Path dataDir, Duration timeout, String cache) {
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classPath = classPath;
        this.dataDir = dataDir;
        this.timeout = timeout;
        this.cache = cache;
    }

    /**
     * Prepares the data directory and logs in as the admin with the real CLI.
     *
     * @param distribution the distribution the wrapper runs (not the run's copy)
     * @throws IOException when the login fails (its output says why)
     */
    static CliOpen login(
            Path java,
            Path distribution,
            Path caCertificate,
            Path dir,
            String gssUrl,
            String user,
            String password,
            Duration timeout)
            throws IOException, InterruptedException {
        Path dist = distribution.toAbsolutePath().normalize();
        Path dataDir = dir.resolve("cli-data");
        Files.createDirectories(dataDir.resolve("pki"));
        Files.copy(caCertificate, dataDir.resolve("pki").resolve("ca.pem"));
        List<String> options = new ArrayList<>(WRAPPER_OPTIONS);
        // The wrapper starts client commands (login, session, ...) from client.aot.
        Path aot = dist.resolve("aot").resolve("client.aot");
        Path jar = dist.resolve("opentwin-cli.jar");
        String cache;
        if (Files.isRegularFile(aot) && Files.getLastModifiedTime(aot).compareTo(Files.getLastModifiedTime(jar)) > 0) {
            options.add("-XX:AOTCache=" + aot);
            cache = "the distribution's AOT cache of client commands `aot/client.aot`";
        } else {
            options.add("-XX:+AutoCreateSharedArchive");
            options.add("-XX:SharedArchiveFile=" + dir.resolve("cli.jsa"));
            cache = "no current `aot/client.aot` in the distribution: the wrapper's fallback, a dynamic CDS archive"
                    + " created by the first command";
        }
        options.addAll(QUIET_CACHE);
        CliOpen cli = new CliOpen(
                java,
                options,
                jar + File.pathSeparator + dist.resolve("lib") + File.separator + "*",
                dataDir,
                timeout,
                cache);
        Run login =
                cli.run(List.of("login", "--user", user, "--gss-url", gssUrl), Map.of("OPEN_TWIN_PASSWORD", password));
        if (login.exitCode() != 0) {
            throw new IOException("opentwin login failed (exit " + login.exitCode() + "): " + login.output());
        }
        return cli;
    }

    /** Which cache the CLI ran with, for the report. */
    String cache() {
        return cache;
    }

    /** The command line of {@code session open} with the JVM options, for the report. */
    List<String> jvmOptions() {
        return jvmOptions;
    }

    /** One CLI process: its exit code, what it printed (stdout and stderr) and how long it ran. */
    record Run(int exitCode, String output, long nanos) {}

    /**
     * {@code opentwin session open PROJECT --type TYPE}, timed.
     *
     * @return the run, and the session it opened (also when it failed after opening one, to close it)
     */
    Run open(String project, String type) throws IOException, InterruptedException {
        return run(List.of("session", "open", project, "--type", type), Map.of());
    }

    /** The session a {@code session open} printed as running, if it did. */
    static Optional<String> runningSession(String output) {
        Matcher m = RUNNING.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The session a {@code session open} printed as opened (before it ran), if it did. */
    static Optional<String> openedSession(String output) {
        Matcher m = OPENED.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Run run(List<String> arguments, Map<String, String> environment) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, Distribution.MAIN));
        command.addAll(arguments);
        command.addAll(List.of("--data-dir", dataDir.toString()));
        Path output = Files.createTempFile(dataDir, "cli-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(key -> key.startsWith("OPEN_TWIN_"));
        builder.environment().putAll(environment);
        long begin = System.nanoTime();
        Process process = builder.start();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long took = System.nanoTime() - begin;
        if (!exited) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        return new Run(exited ? process.exitValue() : -1, text, took);
    }
}
