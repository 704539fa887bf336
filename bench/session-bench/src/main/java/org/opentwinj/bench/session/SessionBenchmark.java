package org.opentwinj.bench.session;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.opentwinj.bench.support.Harness;
import org.opentwinj.bench.support.MissingPrerequisiteException;
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
    private static final Harness<BenchOptions> HARNESS = new Harness<>(
            "session-bench",
            SessionBenchmark.class,
            BenchOptions::usage,
            BenchOptions::parse,
            BenchOptions::out,
            "failed starts",
            SessionBenchmark::run);

    private SessionBenchmark() {}

    public static void main(String[] args) {
        System.exit(HARNESS.execute(Arrays.asList(args)));
    }

    /** The run, once the flags are read and the distribution is there. */
    private static Harness.Outcome run(BenchOptions options, String command) throws IOException, InterruptedException {
        // The harness's own libraries (HTTP client, Mongo driver) log warnings only, as JSON on stderr.
        JsonLogging.configureForCli("warn");
        if (!Files.isRegularFile(options.distribution().resolve("opentwin-cli.jar"))) {
            throw new MissingPrerequisiteException(
                    "no distribution in " + options.distribution().toAbsolutePath()
                            + " (opentwin-cli.jar and lib/): run ./opentwin build, or give --distribution");
        }
        return BenchmarkRun.run(options, command);
    }
}
