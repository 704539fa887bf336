package org.opentwinj.bench.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.opentwinj.platform.launcher.RunCommand;
import org.opentwinj.services.echo.EchoService;
import org.opentwinj.services.relay.RelayService;
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
 * <p>{@code run <echo|relay> [flags]} is the sub-mode the harness starts the services with,
 * in JVMs of their own: {@code opentwin run}'s own command ({@link RunCommand}) for the two
 * services, which stops gracefully (as on SIGTERM) when its standard input closes. It is not
 * meant to be called by hand.
 */
public final class RelayBenchmark {
    private RelayBenchmark() {}

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty() && arguments.getFirst().equals("run")) {
            System.exit(runService(arguments.subList(1, arguments.size())));
        }
        System.exit(bench(arguments));
    }

    private static int runService(List<String> arguments) {
        Thread watchdog = new Thread(() -> {
            waitForEndOfInput(System.in);
            // The launcher's own SIGTERM handler: readiness 503, requests in flight finish, exit 0.
            Signal.raise(new Signal("TERM"));
        }, "stop-when-stdin-closes");
        watchdog.setDaemon(true);
        watchdog.start();
        return RunCommand.create(List.of(new EchoService(), new RelayService()), System.getenv(), System.err)
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

    private static int bench(List<String> arguments) {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(BenchOptions.usage());
            return 0;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println("relay-bench: " + e.getMessage());
            return 2;
        }
        try {
            BenchmarkRun.Outcome outcome = BenchmarkRun.run(options, command(arguments));
            System.out.print(outcome.report());
            System.out.flush();
            if (options.out() != null) {
                Files.writeString(options.out(), outcome.report(), StandardCharsets.UTF_8);
                BenchmarkRun.log("report written to " + options.out());
            }
            if (outcome.errors() > 0) {
                BenchmarkRun.log("the run had " + outcome.errors() + " failed messages; see the report");
                return 1;
            }
            return 0;
        } catch (ChpProcess.MissingPeerException e) {
            System.err.println("relay-bench: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("relay-bench: the run failed: " + e.getMessage());
            e.printStackTrace();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("relay-bench: interrupted");
            return 1;
        }
    }

    /** run.sh passes the command line as typed; without it, the java command is rebuilt. */
    private static String command(List<String> arguments) {
        String fromScript = System.getProperty("bench.command");
        if (fromScript != null && !fromScript.isBlank()) {
            return fromScript;
        }
        return "java -cp ... " + RelayBenchmark.class.getName() + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments));
    }
}
