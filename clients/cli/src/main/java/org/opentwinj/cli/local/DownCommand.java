package org.opentwinj.cli.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentwinj.platform.exit.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code opentwin down}: stops a local platform started by {@code opentwin up} in another
 * terminal: asks {@code up} to stop (it stops its services in order), then stops whatever
 * process of the platform is still there, also when {@code up} itself crashed.
 */
@Command(
        name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Stops the local platform gracefully and waits until every service has exited.",
            "Also finds and stops the platform's processes (session services included) after a crash of 'up'."
        })
public final class DownCommand implements Callable<Integer> {
    private static final Duration WAIT = Duration.ofSeconds(90);
    static final Duration GRACE = Duration.ofSeconds(30);

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
        Optional<ProcessHandle> up = PlatformState.read(layout.stateFile()).flatMap(PlatformState::process);
        if (up.isPresent()) {
            // opentwin up stops its services in reverse order, each gracefully.
            out.println("stopping up (pid " + up.get().pid() + ") ...");
            up.get().destroy();
            waitFor(up.get());
        }
        List<PlatformProcesses.Found> left = PlatformProcesses.find(layout.dataDirectory());
        if (up.isEmpty() && left.isEmpty()) {
            out.println("not running (data directory " + layout.dataDirectory() + ")");
            return ExitCode.OK.code();
        }
        if (!left.isEmpty()) {
            out.println(left.size() + " process" + (left.size() == 1 ? "" : "es") + " of the platform still run"
                    + (up.isPresent() ? "" : " without 'up'") + ":");
            PlatformProcesses.stop(left, GRACE, out);
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
