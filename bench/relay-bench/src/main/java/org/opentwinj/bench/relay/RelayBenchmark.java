package org.opentwinj.bench.relay;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.opentwinj.bench.support.Harness;
import org.opentwinj.platform.launcher.RunCommand;
import org.opentwinj.services.echo.EchoService;
import org.opentwinj.services.relay.RelayService;
import org.opentwinj.services.web.WebService;
import sun.misc.Signal;

/**
 * Entry point of the relay benchmark: websocket messages per second and added latency of the
 * OpenTwin/J relay and of configurable-http-proxy in front of the same echo service, against
 * the echo service's own websocket, in the same run (see run.sh and
 * docs/benchmarks/relay.md). The only place that calls {@code System.exit}.
 *
 * <p>Exit codes: 0 the run finished without errors; 1 the run failed or had failed messages
 * (the report says which); 2 bad flags, or node or configurable-http-proxy missing.
 *
 * <p>{@code run <echo|relay|web> [flags]} is the sub-mode the harness starts the services with,
 * in JVMs of their own: {@code opentwin run}'s own command ({@link RunCommand}) for the two
 * services, which stops gracefully (as on SIGTERM) when its standard input closes. It is not
 * meant to be called by hand.
 */
public final class RelayBenchmark {
    private static final Harness<BenchOptions> HARNESS = new Harness<>(
            "relay-bench",
            RelayBenchmark.class,
            BenchOptions::usage,
            BenchOptions::parse,
            BenchOptions::out,
            "failed messages",
            BenchmarkRun::run);

    private RelayBenchmark() {}

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty() && arguments.getFirst().equals("run")) {
            System.exit(runService(arguments.subList(1, arguments.size())));
        }
        System.exit(HARNESS.execute(arguments));
    }

    private static int runService(List<String> arguments) {
        Thread watchdog = new Thread(
                () -> {
                    waitForEndOfInput(System.in);
                    // The launcher's own SIGTERM handler: readiness 503, requests in flight finish, exit 0.
                    Signal.raise(new Signal("TERM"));
                },
                "stop-when-stdin-closes");
        watchdog.setDaemon(true);
        watchdog.start();
        return RunCommand.create(
                        List.of(new EchoService(), new RelayService(), new WebService()), System.getenv(), System.err)
                .execute(arguments.toArray(String[]::new));
    }

    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Anything the harness writes is ignored; only the end of the stream matters.
            }
        } catch (IOException e) {
            // A broken pipe means the harness is gone, too.
        }
    }
}
