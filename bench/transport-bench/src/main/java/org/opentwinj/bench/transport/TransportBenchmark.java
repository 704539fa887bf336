package org.opentwinj.bench.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.opentwinj.platform.exit.ExitException;

/**
 * Entry point of the transport benchmark: action round trips over mutual TLS with
 * connection reuse, OpenTwin/J's server against nginx in the same run (see run.sh and
 * docs/benchmarks/transport.md). The only place that calls {@code System.exit}.
 *
 * <p>Exit codes: 0 the run finished without errors; 1 the run failed or had failed
 * requests (the report says which); 2 bad flags or nginx missing.
 *
 * <p>{@code serve DIR} is the sub-mode the harness starts in a second JVM for the
 * OpenTwin/J server; it is not meant to be called by hand.
 */
public final class TransportBenchmark {
    private TransportBenchmark() {}

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty() && arguments.getFirst().equals("serve")) {
            System.exit(serve(arguments));
        }
        System.exit(bench(arguments));
    }

    private static int serve(List<String> arguments) {
        if (arguments.size() != 2) {
            System.err.println("usage: TransportBenchmark serve DIR");
            return 2;
        }
        try {
            EchoServe.serve(Path.of(arguments.get(1)));
            return 0;
        } catch (ExitException e) {
            System.err.println("transport-bench server: " + e.getMessage());
            return e.exitCode().code();
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            return 1;
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
            System.err.println("transport-bench: " + e.getMessage());
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
                BenchmarkRun.log("the run had " + outcome.errors() + " failed requests; see the report");
                return 1;
            }
            return 0;
        } catch (NginxServer.MissingNginxException e) {
            System.err.println("transport-bench: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("transport-bench: the run failed: " + e.getMessage());
            e.printStackTrace();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("transport-bench: interrupted");
            return 1;
        }
    }

    /** run.sh passes the command line as typed; without it, the java command is rebuilt. */
    private static String command(List<String> arguments) {
        String fromScript = System.getProperty("bench.command");
        if (fromScript != null && !fromScript.isBlank()) {
            return fromScript;
        }
        return "java -cp ... " + TransportBenchmark.class.getName() + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments));
    }
}
