package org.opentwinj.bench.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentwinj.bench.support.Flags;

/**
 * What one benchmark run does, from the command line. Parsing is pure so it is unit tested;
 * a bad flag is an {@link IllegalArgumentException} whose message is shown as it is.
 *
 * @param prewarm       once per target before the sweep, at the highest level, unrecorded:
 *                      lets the JIT compile the server's hot paths, so the first point
 *                      measured is not the only one still running interpreted code
 * @param warmup        time per point before measuring: connections open, JIT warms up
 * @param measure       time per point whose requests are recorded
 * @param clients       the concurrency levels, each a number of virtual-thread clients
 * @param rounds        how often the whole sweep repeats (order alternates, results merge)
 * @param nginxWorkers  nginx {@code worker_processes}: {@code auto} (one per core) or a number
 * @param nginx         the nginx binary
 * @param requestTimeout a request slower than this counts as an error, so a stuck server
 *                      cannot stall the run
 * @param out           also write the Markdown report here, or null
 * @param keepDir       keep the temporary directory (certificates, configs, logs) afterwards
 */
public record BenchOptions(Duration prewarm, Duration warmup, Duration measure, List<Integer> clients, int rounds, String nginxWorkers,
        Path nginx, Duration requestTimeout, Path out, boolean keepDir) {

    /**
     * Upper bounds that keep every run bounded in time and load, whatever the flags say.
     * Declared before {@link #DEFAULTS}, whose construction checks against them.
     */
    static final Duration MAX_PHASE = Duration.ofMinutes(5);
    static final int MAX_CLIENTS = 1024;
    static final int MAX_ROUNDS = 10;

    public static final BenchOptions DEFAULTS = new BenchOptions(Duration.ofSeconds(20), Duration.ofSeconds(5),
            Duration.ofSeconds(10), List.of(1, 16, 64), 2, "auto", Path.of("/usr/sbin/nginx"), Duration.ofSeconds(10), null, false);

    public BenchOptions {
        clients = List.copyOf(clients);
        Flags.phase("--prewarm", prewarm, true, MAX_PHASE);
        Flags.phase("--warmup", warmup, true, MAX_PHASE);
        Flags.phase("--measure", measure, false, MAX_PHASE);
        Flags.phase("--request-timeout", requestTimeout, false, MAX_PHASE);
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("--clients needs at least one level");
        }
        for (int n : clients) {
            Flags.range("--clients", n, 1, MAX_CLIENTS);
        }
        Flags.range("--rounds", rounds, 1, MAX_ROUNDS);
        if (!nginxWorkers.equals("auto") && !nginxWorkers.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("--nginx-workers: '" + nginxWorkers + "' is neither 'auto' nor a number");
        }
    }

    /** Parses the flags of {@link #usage()}; unknown flags are refused. */
    public static BenchOptions parse(List<String> args) {
        BenchOptions d = DEFAULTS;
        Duration prewarm = d.prewarm, warmup = d.warmup, measure = d.measure, requestTimeout = d.requestTimeout;
        List<Integer> clients = d.clients;
        int rounds = d.rounds;
        String nginxWorkers = d.nginxWorkers;
        Path nginx = d.nginx, out = d.out;
        boolean keepDir = d.keepDir;
        Flags flags = new Flags(args);
        while (flags.hasNext()) {
            switch (flags.next()) {
                case "--keep-dir" -> keepDir = true;
                case "--prewarm" -> prewarm = flags.duration();
                case "--warmup" -> warmup = flags.duration();
                case "--measure" -> measure = flags.duration();
                case "--clients" -> clients = flags.integers();
                case "--rounds" -> rounds = flags.integer();
                case "--nginx-workers" -> nginxWorkers = flags.value();
                case "--nginx" -> nginx = Path.of(flags.value());
                case "--request-timeout" -> requestTimeout = flags.duration();
                case "--out" -> out = Path.of(flags.value());
                default -> throw flags.unknown();
            }
        }
        return new BenchOptions(prewarm, warmup, measure, clients, rounds, nginxWorkers, nginx, requestTimeout, out, keepDir);
    }

    /** The highest concurrency level, used for the pre-warm. */
    public int maxClients() {
        return clients.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** How long the load phases take, for the "this will take about ..." line. */
    public Duration loadTime() {
        return warmup.plus(measure).multipliedBy(2L * clients.size() * rounds).plus(prewarm.multipliedBy(2));
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
