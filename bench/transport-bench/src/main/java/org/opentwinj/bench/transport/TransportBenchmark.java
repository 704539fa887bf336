package org.opentwinj.bench.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.opentwinj.bench.support.Harness;
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
    private static final Harness<BenchOptions> HARNESS = new Harness<>(
            "transport-bench",
            TransportBenchmark.class,
            BenchOptions::usage,
            BenchOptions::parse,
            BenchOptions::out,
            "failed requests",
            BenchmarkRun::run);

    private TransportBenchmark() {}

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty() && arguments.getFirst().equals("serve")) {
            System.exit(serve(arguments));
        }
        System.exit(HARNESS.execute(arguments));
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
}
