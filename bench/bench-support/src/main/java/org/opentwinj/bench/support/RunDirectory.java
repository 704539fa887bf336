package org.opentwinj.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary directory of one run and the {@link Cleanup} that stops what the run started:
 * closed from the {@code finally} of the run or from a shutdown hook (Ctrl-C, SIGTERM),
 * whichever comes first. The directory is deleted last, after the processes that write into
 * it stopped, unless the user asked to keep it.
 */
public final class RunDirectory implements AutoCloseable {
    private final String harness;
    private final Path path;
    private final Cleanup cleanup;
    private final Thread hook;

    private RunDirectory(String harness, Path path, Cleanup cleanup) {
        this.harness = harness;
        this.path = path;
        this.cleanup = cleanup;
        this.hook = new Thread(cleanup::close, harness + "-cleanup");
    }

    /**
     * Creates {@code opentwin-<harness>-*} in the temporary directory and registers the shutdown hook.
     *
     * @param harness the harness's name (e.g. {@code relay-bench}), the prefix of its messages
     * @param keep    keep the directory (certificates, configs, logs) after the run, and say where it is
     */
    public static RunDirectory create(String harness, boolean keep) throws IOException {
        Path dir = Files.createTempDirectory("opentwin-" + harness + "-").toAbsolutePath();
        Cleanup cleanup = new Cleanup(harness);
        RunDirectory run = new RunDirectory(harness, dir, cleanup);
        // Added first, so it runs last: after the processes that write into the directory stopped.
        cleanup.add(() -> {
            if (keep) {
                run.log("kept " + dir);
            } else {
                run.delete();
            }
        });
        Runtime.getRuntime().addShutdownHook(run.hook);
        return run;
    }

    public Path path() {
        return path;
    }

    /** Where to add what must be stopped at the end of the run. */
    public Cleanup cleanup() {
        return cleanup;
    }

    /** Shorthand for {@code cleanup().add(step)}. */
    public <T extends AutoCloseable> T add(T step) {
        return cleanup.add(step);
    }

    /** Runs the clean-up (processes, then the directory) and removes the shutdown hook. */
    @Override
    public void close() {
        cleanup.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: it closed the same things.
        }
    }

    private void delete() {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log("could not delete " + path + ": " + e.getMessage());
        }
    }

    private void log(String message) {
        System.err.println(harness + ": " + message);
    }
}
