package org.opentwinj.systemtest.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentwinj.platform.json.Json;

/**
 * A real {@code opentwin} process started from the built distribution (the same jar and
 * lib/ the ./opentwin wrapper runs), with its stdout and stderr captured to files.
 */
final class OpenTwinProcess implements AutoCloseable {
    /** The main class of the distribution: the {@code opentwin} command. */
    static final String DISTRIBUTION_MAIN = "org.opentwinj.cli.OpenTwinCli";

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private OpenTwinProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The class-data-sharing archive the tests' {@code opentwin} processes share. */
    static final String SHARED_ARCHIVE = "it-services.jsa";

    /** Starts {@code opentwin args...} with the distribution's main class and the shared archive. */
    static OpenTwinProcess start(Path workDir, Map<String, String> environment, String... args) throws IOException {
        return startWithArchive(workDir, environment, SHARED_ARCHIVE, args);
    }

    /**
     * Like {@link #start(Path, Map, String...)}, with a class-data-sharing archive of its own
     * name: for a service a test restarts many times (a dynamic archive holds the classes of the
     * process that wrote it, and the shared one is written by whichever process first exits
     * cleanly, usually not the restarted service).
     */
    static OpenTwinProcess startWithArchive(
            Path workDir, Map<String, String> environment, String archive, String... args) throws IOException {
        return start(workDir, environment, List.of(), DISTRIBUTION_MAIN, archive, true, args);
    }

    /** Starts another main class on the distribution's class path plus the test classes. */
    static OpenTwinProcess startMain(
            Path workDir, Map<String, String> environment, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        // The shared archive read only, when it is there: a main class of the test classes comes
        // from a directory, which the JVM cannot archive, so a process of one must not write it
        // ("Error occurred during CDS dumping" on stdout, among the JSON log lines).
        return start(workDir, environment, jvmOptions, mainClass, SHARED_ARCHIVE, false, args);
    }

    private static OpenTwinProcess start(
            Path workDir,
            Map<String, String> environment,
            List<String> jvmOptions,
            String mainClass,
            String archive,
            boolean writeArchive,
            String... args)
            throws IOException {
        Path distribution = Path.of(System.getProperty("opentwin.distribution", "target"));
        String classPath = distribution.resolve("opentwin-cli.jar") + File.pathSeparator + distribution.resolve("lib")
                + File.separator + "*" + File.pathSeparator
                + System.getProperty("opentwin.testClasses", "target/test-classes");
        // As the ./opentwin wrapper does: services that are not shipped (compute-test) come from here.
        String extra = environment.get("OPEN_TWIN_EXTRA_CLASSPATH");
        if (extra != null && !extra.isEmpty()) {
            classPath += File.pathSeparator + extra;
        }
        List<String> command = new ArrayList<>();
        // SIGINT as a terminal's shell leaves it for a foreground job: a test run from a
        // background job (`cmd &` in a script, nohup, some CI runners) inherits SIGINT ignored,
        // and a JVM that starts with SIGINT ignored installs no handler for it, so a Ctrl-C
        // that a test sends would reach nothing. env execs java: the pid stays the same.
        command.addAll(List.of("env", "--default-signal=INT"));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:TieredStopAtLevel=1");
        // The tests start hundreds of service processes: a class-data-sharing archive, made by
        // the first one that exits cleanly, shortens the start of the others (as ./opentwin does).
        if (writeArchive) {
            command.add("-XX:+AutoCreateSharedArchive");
        }
        command.add("-XX:SharedArchiveFile=" + distribution.resolve(archive));
        // Silent also when the archive is missing or of another build.
        command.add("-Xlog:cds=off");
        command.add("-Xlog:cds+dynamic=off");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        String name = "process-" + System.nanoTime();
        Path out = workDir.resolve(name + ".out");
        Path err = workDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("OPEN_TWIN_"));
        // No warm pool unless a test asks for one: the tests find a session's processes by the
        // session and service in their arguments, which a pooled JVM (started before it had
        // either) does not carry; and two idle JVMs per LSS would only slow the suite down.
        // The pool itself is tested in services/lss (WarmPoolTest, LocalPoolMembersTest).
        builder.environment().put("OPEN_TWIN_POOL_SIZE", "0");
        builder.environment().putAll(environment);
        return new OpenTwinProcess(builder.start(), out, err);
    }

    /** Waits for the exit code; fails the test if the process is still running after the timeout. */
    int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "process did not exit within " + timeout + "; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** The stdout lines, each parsed as JSON; fails on any line that is not a JSON object. */
    List<JsonNode> logLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = Json.mapper().readTree(line);
                if (!node.isObject()) {
                    throw new AssertionError("log line is not a JSON object: " + line);
                }
                lines.add(node);
            } catch (IOException e) {
                throw new AssertionError("log line is not JSON: " + line, e);
            }
        }
        return lines;
    }

    /** Whether a log line with this message fragment has appeared yet. */
    boolean logged(String fragment) {
        return stdout().contains(fragment);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        // Everything it started ('up' starts the services, the LSS their session services): a
        // failed test must not leave them running. SIGTERM first, so that it stops them itself.
        java.util.List<ProcessHandle> descendants = process.descendants().toList();
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
