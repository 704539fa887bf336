package org.opentwinj.cli.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code opentwin status}: is the local platform running, and is each service ready. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Shows whether the local platform runs and whether each service is ready.",
            "Exit code 0 when all are ready, 7 when the platform or a service is not."
        })
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    DataDirectoryOption data = new DataDirectoryOption();

    private final Map<String, String> environment;
    private final PrintStream out;

    public StatusCommand(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    @Override
    public Integer call() {
        LocalLayout layout = data.existingLayout(environment);
        PlatformState state = PlatformState.read(layout.stateFile())
                .filter(PlatformState::isRunning)
                .orElse(null);
        if (state == null) {
            out.println("not running (data directory " + layout.dataDirectory() + ")");
            return ExitCode.PEER_UNREACHABLE.code();
        }
        boolean allReady = true;
        out.println("running (pid " + state.pid() + ", data directory " + layout.dataDirectory() + ")");
        try (ServiceClient client = new ServiceClient(
                new LocalCertificates(layout.pki()).client().clientContext(),
                ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(5)))) {
            for (PlatformState.RunningService service : state.services()) {
                String status;
                try {
                    client.get(service.url(), "/readyz");
                    status = "ready";
                } catch (PeerCallException e) {
                    status = "NOT READY: " + e.getMessage();
                    allReady = false;
                }
                out.printf("  %-10s %-28s pid %-8d %s%n", service.name(), service.url(), service.pid(), status);
            }
        }
        return allReady ? ExitCode.OK.code() : ExitCode.PEER_UNREACHABLE.code();
    }
}
