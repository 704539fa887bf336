package org.opentwinj.bench.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The flags every comparison {@link Sweep} has (the transport and relay benchmarks): how long
 * each phase takes, at which levels, how often, and where the report and the run directory go.
 * A harness's options hold one of these next to their own flags, and check the levels against
 * their own ceiling.
 *
 * @param prewarm        per target, once before the sweep at the highest level, unrecorded: lets
 *                       the JIT compile the hot paths, so the first point measured is not the only
 *                       one still running cold code
 * @param warmup         time per point before measuring: connections open, caches fill, JIT warms up
 * @param measure        time per point whose exchanges are recorded
 * @param clients        the concurrency levels, each a number of clients
 * @param rounds         how often the whole sweep repeats (order alternates, results merge)
 * @param requestTimeout an exchange without an answer after this long counts as an error, so a
 *                       stuck target cannot stall the run
 * @param out            also write the Markdown report here, or null
 * @param keepDir        keep the run directory (certificates, configs, logs) afterwards
 */
public record SweepOptions(
        Duration prewarm,
        Duration warmup,
        Duration measure,
        List<Integer> clients,
        int rounds,
        Duration requestTimeout,
        Path out,
        boolean keepDir) {

    /**
     * Upper bounds that keep every run bounded in time, whatever the flags say. Declared before
     * {@link #DEFAULTS}, whose construction checks against them.
     */
    public static final Duration MAX_PHASE = Duration.ofMinutes(5);

    public static final int MAX_ROUNDS = 10;

    /** 20 s pre-warm, 5 s warm-up and 10 s measured per point, at 1, 16 and 64 clients, twice; 10 s timeout. */
    public static final SweepOptions DEFAULTS = new SweepOptions(
            Duration.ofSeconds(20),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            List.of(1, 16, 64),
            2,
            Duration.ofSeconds(10),
            null,
            false);

    public SweepOptions {
        clients = List.copyOf(clients);
        Flags.phase("--prewarm", prewarm, true, MAX_PHASE);
        Flags.phase("--warmup", warmup, true, MAX_PHASE);
        Flags.phase("--measure", measure, false, MAX_PHASE);
        Flags.phase("--request-timeout", requestTimeout, false, MAX_PHASE);
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("--clients needs at least one level");
        }
        Flags.range("--rounds", rounds, 1, MAX_ROUNDS);
    }

    /** The same with other concurrency levels (a harness's own default). */
    public SweepOptions withClients(List<Integer> levels) {
        return new SweepOptions(prewarm, warmup, measure, levels, rounds, requestTimeout, out, keepDir);
    }

    /**
     * Reads {@code flag}, one of {@code --prewarm --warmup --measure --clients --rounds
     * --request-timeout --out --keep-dir}, with its value from {@code flags}.
     *
     * @return the options with that flag's value
     * @throws IllegalArgumentException for a bad value, or when {@code flag} is none of these
     *                                  ({@link Flags#unknown()})
     */
    public SweepOptions read(String flag, Flags flags) {
        Duration p = prewarm, w = warmup, m = measure, t = requestTimeout;
        List<Integer> c = clients;
        int r = rounds;
        Path o = out;
        boolean k = keepDir;
        switch (flag) {
            case "--prewarm" -> p = flags.duration();
            case "--warmup" -> w = flags.duration();
            case "--measure" -> m = flags.duration();
            case "--clients" -> c = flags.integers();
            case "--rounds" -> r = flags.integer();
            case "--request-timeout" -> t = flags.duration();
            case "--out" -> o = Path.of(flags.value());
            case "--keep-dir" -> k = true;
            default -> throw flags.unknown();
        }
        return new SweepOptions(p, w, m, c, r, t, o, k);
    }

    /** Refuses a level outside {@code 1 .. max}, the harness's ceiling on clients. */
    public void checkClients(int max) {
        for (int n : clients) {
            Flags.range("--clients", n, 1, max);
        }
    }

    /** The highest concurrency level, used for the pre-warm. */
    public int maxClients() {
        return clients.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /** How long the load phases take with {@code targets} targets, for the "this will take about ..." line. */
    public Duration loadTime(int targets) {
        return warmup.plus(measure)
                .multipliedBy((long) targets * clients.size() * rounds)
                .plus(prewarm.multipliedBy(targets));
    }
}
