package org.opentwinj.bench.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentwinj.bench.support.Flags;
import org.opentwinj.bench.support.SweepOptions;

/**
 * What one benchmark run does, from the command line. Parsing is pure so it is unit tested;
 * a bad flag is an {@link IllegalArgumentException} whose message is shown as it is.
 *
 * @param sweep the phases, levels, rounds, reply timeout, report file and run directory (the
 *              clients are websockets; the pre-warm lets the JIT of the echo service, the relay,
 *              node and the client compile their hot paths)
 * @param node  the node binary that runs configurable-http-proxy
 * @param chp   configurable-http-proxy's script, as {@code npm ci} installed it
 */
public record BenchOptions(SweepOptions sweep, Path node, Path chp) {

    /**
     * The ceiling on websocket clients, keeping every run bounded in load whatever the flags
     * say. Declared before {@link #DEFAULTS}, whose construction checks against it.
     */
    static final int MAX_CLIENTS = 512;
    /** Where {@code npm ci} puts the proxy, below the benchmark's directory. */
    static final String CHP_SCRIPT = "node_modules/configurable-http-proxy/bin/configurable-http-proxy";

    public static final BenchOptions DEFAULTS = new BenchOptions(
            SweepOptions.DEFAULTS.withClients(List.of(1, 64)),
            Path.of("node"),
            benchHome().resolve(CHP_SCRIPT));

    public BenchOptions {
        sweep.checkClients(MAX_CLIENTS);
    }

    /** The benchmark's directory: run.sh passes it as {@code -Dbench.home}; else relative to the repository root. */
    static Path benchHome() {
        String home = System.getProperty("bench.home");
        return home == null || home.isBlank() ? Path.of("bench", "relay-bench") : Path.of(home);
    }

    /** Parses the flags of {@link #usage()}; unknown flags are refused. */
    public static BenchOptions parse(List<String> args) {
        SweepOptions sweep = DEFAULTS.sweep;
        Path node = DEFAULTS.node, chp = DEFAULTS.chp;
        Flags flags = new Flags(args);
        while (flags.hasNext()) {
            String flag = flags.next();
            switch (flag) {
                case "--node" -> node = Path.of(flags.value());
                case "--chp" -> chp = Path.of(flags.value());
                default -> sweep = sweep.read(flag, flags);
            }
        }
        return new BenchOptions(sweep, node, chp);
    }

    /** Also write the report here, or null. */
    public Path out() {
        return sweep.out();
    }

    /** How long the load phases take (every path of {@link Target#NAMES}), for the "this will take about ..." line. */
    public Duration loadTime() {
        return sweep.loadTime(Target.NAMES.size());
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
