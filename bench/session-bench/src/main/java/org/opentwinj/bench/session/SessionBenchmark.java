package org.opentwinj.bench.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.opentwinj.platform.logging.JsonLogging;

/**
 * Entry point of the session benchmark: open-to-ready latency of a session of three echo
 * services against starting the same three services directly, with and without class-data
 * sharing, and sessions per minute until the machine saturates (see run.sh and
 * docs/benchmarks/sessions.md). The only place that calls {@code System.exit}.
 *
 * <p>Exit codes: 0 the run finished and every start got ready; 1 the run failed or had failed
 * starts (the report says which); 2 bad flags or no distribution.
 */
public final class SessionBenchmark {
    private SessionBenchmark() {}

    public static void main(String[] args) {
        System.exit(bench(Arrays.asList(args)));
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
            System.err.println("session-bench: " + e.getMessage());
            return 2;
        }
        // The harness's own libraries (HTTP client, Mongo driver) log warnings only, as JSON on stderr.
        JsonLogging.configureForCli("warn");
        if (!Files.isRegularFile(options.distribution().resolve("opentwin-cli.jar"))) {
            System.err.println("session-bench: no distribution in " + options.distribution().toAbsolutePath()
                    + " (opentwin-cli.jar and lib/): run ./opentwin build, or give --distribution");
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
            if (outcome.failures() > 0) {
                BenchmarkRun.log("the run had " + outcome.failures() + " failed starts; see the report");
                return 1;
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("session-bench: the run failed: " + e.getMessage());
            e.printStackTrace();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("session-bench: interrupted");
            return 1;
        }
    }

    /** run.sh passes the command line as typed; without it, the java command is rebuilt. */
    private static String command(List<String> arguments) {
        String fromScript = System.getProperty("bench.command");
        if (fromScript != null && !fromScript.isBlank()) {
            return fromScript;
        }
        return "java -cp ... " + SessionBenchmark.class.getName() + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments));
    }
}
