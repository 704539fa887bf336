package org.opentwinj.cli.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentwinj.platform.exit.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code opentwin down}: stops a local platform started by {@code opentwin up} in another terminal. */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = "Stops the local platform gracefully and waits until every service has exited.")
public final class DownCommand implements Callable<Integer> {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Mixin
    DataDirectoryOption data = new DataDirectoryOption();

    private final Map<String, String> environment;
    private final PrintStream out;

    public DownCommand(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        LocalLayout layout = data.existingLayout(environment);
        Optional<PlatformState> state = PlatformState.read(layout.stateFile());
        if (state.isEmpty()) {
            out.println("not running (data directory " + layout.dataDirectory() + ")");
            return ExitCode.OK.code();
        }
        Optional<ProcessHandle> up = state.get().process();
        if (up.isPresent()) {
            // opentwin up stops its services in reverse order, each gracefully.
            up.get().destroy();
            waitFor(up.get());
        }
        for (PlatformState.RunningService service : state.get().services()) {
            Optional<ProcessHandle> orphan = service.process();
            if (orphan.isPresent()) {
                out.println("stopping " + service.name() + " (pid " + service.pid() + "), whose parent is gone");
                orphan.get().destroy();
                waitFor(orphan.get());
            }
        }
        out.println("stopped");
        return ExitCode.OK.code();
    }

    private void waitFor(ProcessHandle process) throws InterruptedException {
        try {
            process.onExit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            out.println("pid " + process.pid() + " did not stop within " + WAIT.toSeconds() + " s; killing it");
            process.destroyForcibly();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
