package org.opentwinj.cli.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.StopSignals;
import org.opentwinj.platform.supervision.RestartPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code opentwin up}: the whole platform on this machine, in the foreground. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the platform on this machine (local level) and stops it on Ctrl-C.",
            "Creates a certificate authority on first run; keeps all state in the data directory."
        })
public final class UpCommand implements Callable<Integer> {
    @Mixin
    DataDirectoryOption data = new DataDirectoryOption();

    @Mixin
    RestartOptions restartOptions = new RestartOptions();

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description =
                    "address the services bind and publish (default: ${DEFAULT-VALUE}; loopback keeps them private to this machine)")
    String host;

    @Option(
            names = "--port-offset",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "added to every service's port, to run a second platform beside the first (default: ${DEFAULT-VALUE})")
    int portOffset;

    private final Map<String, String> environment;
    private final PrintStream out;

    public UpCommand(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    @Override
    public Integer call() {
        if (portOffset < 0 || portOffset > 50_000) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "--port-offset must be between 0 and 50000");
        }
        RestartPolicy restarts = restartOptions.policy(environment);
        LocalLayout layout = new LocalLayout(
                data.resolve(environment),
                host,
                LocalLayout.defaultServices().stream()
                        .map(s -> s.shifted(portOffset))
                        .toList());
        try {
            Files.createDirectories(layout.run());
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION, "cannot create " + layout.run() + ": " + e.getMessage(), e);
        }
        try (FileChannel lockFile = FileChannel.open(
                        layout.run().resolve("up.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "a platform already runs on " + layout.dataDirectory()
                                + "; see 'opentwin status', or stop it with 'opentwin down'");
            }
            stopLeftovers(layout);
            CompletableFuture<String> stop = new CompletableFuture<>();
            StopSignals.install(stop);
            return new LocalPlatform(layout, restarts, environment, out).run(stop);
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION, "cannot lock " + layout.run() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Processes of an earlier platform on this directory whose {@code up} died (the lock is
     * ours, so no {@code up} runs): they hold the ports and the database file, so they are
     * stopped as {@code down} would, and said.
     */
    private void stopLeftovers(LocalLayout layout) {
        List<PlatformProcesses.Found> left = PlatformProcesses.find(layout.dataDirectory());
        if (left.isEmpty()) {
            return;
        }
        out.println("stopping " + left.size() + " process" + (left.size() == 1 ? "" : "es")
                + " left by an earlier 'up' on " + layout.dataDirectory() + ":");
        try {
            PlatformProcesses.stop(left, DownCommand.GRACE, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExitException(ExitCode.OK, "interrupted while stopping an earlier platform's processes");
        }
    }
}
