package org.opentwinj.bench.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentwinj.bench.support.Flags;

/**
 * What one benchmark run does, from the command line. Parsing is pure so it is unit tested;
 * a bad flag is an {@link IllegalArgumentException} whose message is shown as it is.
 *
 * @param prewarm        once per path before the sweep, at the highest level, unrecorded: lets
 *                       the JIT of the echo service, the relay, node and the client compile
 *                       their hot paths, so the first point measured is not the only one still
 *                       running cold code
 * @param warmup         time per point before measuring: websockets open, caches fill
 * @param measure        time per point whose messages are recorded
 * @param clients        the concurrency levels, each a number of websocket clients
 * @param rounds         how often the whole sweep repeats (order alternates, results merge)
 * @param requestTimeout a message without a reply after this long counts as an error, so a
 *                       stuck path cannot stall the run
 * @param node           the node binary that runs configurable-http-proxy
 * @param chp            configurable-http-proxy's script, as {@code npm ci} installed it
 * @param out            also write the Markdown report here, or null
 * @param keepDir        keep the temporary directory (certificates, logs) afterwards
 */
public record BenchOptions(Duration prewarm, Duration warmup, Duration measure, List<Integer> clients, int rounds,
        Duration requestTimeout, Path node, Path chp, Path out, boolean keepDir) {

    /**
     * Upper bounds that keep every run bounded in time and load, whatever the flags say.
     * Declared before {@link #DEFAULTS}, whose construction checks against them.
     */
    static final Duration MAX_PHASE = Duration.ofMinutes(5);
    static final int MAX_CLIENTS = 512;
    static final int MAX_ROUNDS = 10;
    /** Where {@code npm ci} puts the proxy, below the benchmark's directory. */
    static final String CHP_SCRIPT = "node_modules/configurable-http-proxy/bin/configurable-http-proxy";

    public static final BenchOptions DEFAULTS = new BenchOptions(Duration.ofSeconds(20), Duration.ofSeconds(5),
            Duration.ofSeconds(10), List.of(1, 64), 2, Duration.ofSeconds(10), Path.of("node"),
            benchHome().resolve(CHP_SCRIPT), null, false);

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
    }

    /** The benchmark's directory: run.sh passes it as {@code -Dbench.home}; else relative to the repository root. */
    static Path benchHome() {
        String home = System.getProperty("bench.home");
        return home == null || home.isBlank() ? Path.of("bench", "relay-bench") : Path.of(home);
    }

    /** Parses the flags of {@link #usage()}; unknown flags are refused. */
    public static BenchOptions parse(List<String> args) {
        BenchOptions d = DEFAULTS;
        Duration prewarm = d.prewarm, warmup = d.warmup, measure = d.measure, requestTimeout = d.requestTimeout;
        List<Integer> clients = d.clients;
        int rounds = d.rounds;
        Path node = d.node, chp = d.chp, out = d.out;
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
                case "--request-timeout" -> requestTimeout = flags.duration();
                case "--node" -> node = Path.of(flags.value());
                case "--chp" -> chp = Path.of(flags.value());
                case "--out" -> out = Path.of(flags.value());
                default -> throw flags.unknown();
            }
        }
        return new BenchOptions(prewarm, warmup, measure, clients, rounds, requestTimeout, node, chp, out, keepDir);
    }

    /** The highest concurrency level, used for the pre-warm. */
    public int maxClients() {
        return clients.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** How long the load phases take (three paths), for the "this will take about ..." line. */
    public Duration loadTime() {
        int paths = Target.NAMES.size();
        return warmup.plus(measure).multipliedBy((long) paths * clients.size() * rounds).plus(prewarm.multipliedBy(paths));
    }

    public static String usage() {
        return """
                usage: run.sh [flags]
                  --prewarm DUR         per path, once before the sweep at the highest level,
                                        not recorded: JIT warm-up (default 20s)
                  --warmup DUR          per point, before measuring (default 5s)
                  --measure DUR         per point, recorded (default 10s)
                  --clients N,N,..      concurrency levels: websocket clients (default 1,64)
                  --rounds N            repeat the sweep, alternating order (default 2)
                  --request-timeout DUR a message without a reply this long is an error (default 10s)
                  --node PATH           node binary for configurable-http-proxy (default: node on PATH)
                  --chp PATH            configurable-http-proxy script
                                        (default bench/relay-bench/%s)
                  --out FILE            also write the Markdown report to FILE
                  --keep-dir            keep the temp dir with certificates and logs
                DUR is a number with ms, s or m, e.g. 500ms, 5s, 1m.
                A quick run: run.sh --prewarm 5s --warmup 1s --measure 3s --rounds 1""".formatted(CHP_SCRIPT);
    }
}
