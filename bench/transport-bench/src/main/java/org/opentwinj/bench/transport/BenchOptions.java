package org.opentwinj.bench.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentwinj.bench.support.Flags;
import org.opentwinj.bench.support.SweepOptions;

/**
 * What one benchmark run does, from the command line. Parsing is pure so it is unit tested;
 * a bad flag is an {@link IllegalArgumentException} whose message is shown as it is.
 *
 * @param sweep        the phases, levels, rounds, request timeout, report file and run directory
 *                     (the clients are virtual-thread HTTP clients)
 * @param nginxWorkers nginx {@code worker_processes}: {@code auto} (one per core) or a number
 * @param nginx        the nginx binary
 */
public record BenchOptions(SweepOptions sweep, String nginxWorkers, Path nginx) {

    /**
     * The ceiling on clients, keeping every run bounded in load whatever the flags say. Declared
     * before {@link #DEFAULTS}, whose construction checks against it.
     */
    static final int MAX_CLIENTS = 1024;
    /** The two targets: OpenTwin/J's server and nginx. */
    static final int TARGETS = 2;

    public static final BenchOptions DEFAULTS =
            new BenchOptions(SweepOptions.DEFAULTS, "auto", Path.of("/usr/sbin/nginx"));

    public BenchOptions {
        sweep.checkClients(MAX_CLIENTS);
        if (!nginxWorkers.equals("auto") && !nginxWorkers.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException(
                    "--nginx-workers: '" + nginxWorkers + "' is neither 'auto' nor a number");
        }
    }

    /** Parses the flags of {@link #usage()}; unknown flags are refused. */
    public static BenchOptions parse(List<String> args) {
        SweepOptions sweep = DEFAULTS.sweep;
        String nginxWorkers = DEFAULTS.nginxWorkers;
        Path nginx = DEFAULTS.nginx;
        Flags flags = new Flags(args);
        while (flags.hasNext()) {
            String flag = flags.next();
            switch (flag) {
                case "--nginx-workers" -> nginxWorkers = flags.value();
                case "--nginx" -> nginx = Path.of(flags.value());
                default -> sweep = sweep.read(flag, flags);
            }
        }
        return new BenchOptions(sweep, nginxWorkers, nginx);
    }

    /** Also write the report here, or null. */
    public Path out() {
        return sweep.out();
    }

    /** How long the load phases take, for the "this will take about ..." line. */
    public Duration loadTime() {
        return sweep.loadTime(TARGETS);
    }

    public static String usage() {
        return """
                usage: run.sh [flags]
                  --prewarm DUR         per target, once before the sweep at the highest level,
                                        not recorded: JIT warm-up (default 20s)
                  --warmup DUR          per point, before measuring (default 5s)
                  --measure DUR         per point, recorded (default 10s)
                  --clients N,N,..      concurrency levels (default 1,16,64)
                  --rounds N            repeat the sweep, alternating order (default 2)
                  --nginx-workers W     nginx worker_processes: auto or a number (default auto)
                  --nginx PATH          nginx binary (default /usr/sbin/nginx)
                  --request-timeout DUR a slower request counts as an error (default 10s)
                  --out FILE            also write the Markdown report to FILE
                  --keep-dir            keep the temp dir with certificates, configs and logs
                DUR is a number with ms, s or m, e.g. 500ms, 5s, 1m.
                A quick run: run.sh --prewarm 5s --warmup 1s --measure 3s --rounds 1""";
    }
}
