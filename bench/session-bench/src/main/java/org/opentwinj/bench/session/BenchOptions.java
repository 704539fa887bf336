package org.opentwinj.bench.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentwinj.bench.support.Flags;

/**
 * What one benchmark run does, from the command line. Parsing is pure so it is unit tested;
 * a bad flag is an {@link IllegalArgumentException} whose message is shown as it is.
 *
 * @param cold          sessions opened first on each fresh platform, each reported on its own
 * @param warmup        sessions and direct starts after the cold ones, not recorded
 * @param samples       recorded sessions and as many recorded direct starts, alternating
 * @param variants      the JVM warm-up variants, each on a platform of its own, in this order
 * @param levels        concurrency levels of the saturation run
 * @param levelWarmup   per level and target: unmeasured cycles of each client first
 * @param levelSamples  per level and target: at least this many measured cycles (each client does the same number)
 * @param saturation    the variant whose platform runs the saturation sweep, or null for none
 * @param capacity      the LSS's {@code --capacity}
 * @param spawnLimit    the LSS's {@code --spawn-limit}
 * @param openTimeout   a session or direct start not ready by then counts as failed
 * @param portRange     the LSS's {@code --port-range} for session services
 * @param distribution  the directory holding opentwin-cli.jar and lib/
 * @param out           also write the Markdown report here, or null
 * @param keepDir       keep the run directory (certificates, logs, archives) afterwards
 * @param scenario      what is measured: the echo3 session, or issue 14's compute session
 * @param poolSize      the LSS's {@code --pool-size} in the pool variants of the compute scenario
 */
public record BenchOptions(
        int cold,
        int warmup,
        int samples,
        List<Variant> variants,
        List<Integer> levels,
        int levelWarmup,
        int levelSamples,
        Variant saturation,
        int capacity,
        int spawnLimit,
        Duration openTimeout,
        String portRange,
        Path distribution,
        Path out,
        boolean keepDir,
        Scenario scenario,
        int poolSize) {

    /**
     * Upper bounds that keep every run bounded in time and load, whatever the flags say.
     * Declared before {@link #DEFAULTS}, whose construction checks against them.
     */
    static final Duration MAX_PHASE = Duration.ofMinutes(10);

    static final int MAX_LEVEL = 64;
    static final int MAX_SAMPLES = 500;
    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");

    public static final BenchOptions DEFAULTS = new BenchOptions(
            3,
            2,
            30,
            List.of(Variant.NONE, Variant.APPCDS),
            List.of(1, 2, 4),
            1,
            6,
            Variant.APPCDS,
            64,
            64,
            Duration.ofSeconds(180),
            "23000-23999",
            Path.of("clients/cli/target"),
            null,
            false,
            Scenario.ECHO3,
            2);

    /** The compute scenario's variants when --variants is not given: the AOT cache without and with the pool. */
    static final List<Variant> COMPUTE_VARIANTS = List.of(Variant.AOT, Variant.AOT_POOL);

    public BenchOptions {
        variants = List.copyOf(variants);
        levels = List.copyOf(levels);
        Flags.range("--cold", cold, 1, 20);
        Flags.range("--warmup", warmup, 0, 50);
        Flags.range("--samples", samples, 1, MAX_SAMPLES);
        Flags.range("--capacity", capacity, 1, 10_000);
        Flags.range("--spawn-limit", spawnLimit, 1, 1000);
        Flags.range("--pool-size", poolSize, 2, 16);
        if (scenario == Scenario.COMPUTE && variants.contains(Variant.APPCDS)
                || scenario == Scenario.COMPUTE && variants.contains(Variant.WRAPPER)) {
            throw new IllegalArgumentException(
                    "--scenario compute runs the variants none, pool, aot and aot-pool only");
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("--variants needs at least one variant");
        }
        if (new LinkedHashSet<>(variants).size() != variants.size()) {
            throw new IllegalArgumentException("--variants names a variant twice");
        }
        if (saturation != null) {
            if (!variants.contains(saturation)) {
                throw new IllegalArgumentException("--saturation " + saturation.id() + " is not among --variants");
            }
            if (levels.isEmpty()) {
                throw new IllegalArgumentException("--levels needs at least one level");
            }
            for (int n : levels) {
                Flags.range("--levels", n, 1, MAX_LEVEL);
            }
            if (levels.stream().mapToInt(Integer::intValue).max().orElse(0) > capacity) {
                throw new IllegalArgumentException("--levels: the highest level is above --capacity " + capacity);
            }
        }
        Flags.range("--level-warmup", levelWarmup, 0, 10);
        Flags.range("--level-samples", levelSamples, 1, 200);
        Flags.phase("--open-timeout", openTimeout, false, MAX_PHASE);
        Matcher ports = PORT_RANGE.matcher(portRange);
        if (!ports.matches()
                || Integer.parseInt(ports.group(1)) < 1024
                || Integer.parseInt(ports.group(2)) > 65535
                || Integer.parseInt(ports.group(2)) - Integer.parseInt(ports.group(1)) < 3 * MAX_LEVEL) {
            throw new IllegalArgumentException("--port-range: '" + portRange
                    + "' is not first-last within 1024-65535 with at least " + 3 * MAX_LEVEL + " ports");
        }
    }

    /** Parses the flags of {@link #usage()}; unknown flags are refused. */
    public static BenchOptions parse(List<String> args) {
        BenchOptions d = DEFAULTS;
        int cold = d.cold, warmup = d.warmup, samples = d.samples, capacity = d.capacity, spawnLimit = d.spawnLimit;
        List<Variant> variants = d.variants;
        List<Integer> levels = d.levels;
        int levelWarmup = d.levelWarmup, levelSamples = d.levelSamples;
        Duration openTimeout = d.openTimeout;
        Variant saturation = d.saturation;
        boolean saturationGiven = false;
        String portRange = d.portRange;
        Path distribution = d.distribution, out = d.out;
        boolean keepDir = d.keepDir;
        Scenario scenario = d.scenario;
        int poolSize = d.poolSize;
        boolean variantsGiven = false;
        Flags flags = new Flags(args);
        while (flags.hasNext()) {
            switch (flags.next()) {
                case "--keep-dir" -> keepDir = true;
                case "--cold" -> cold = flags.integer();
                case "--warmup" -> warmup = flags.integer();
                case "--samples" -> samples = flags.integer();
                case "--variants" -> {
                    variants = variants(flags.value());
                    variantsGiven = true;
                }
                case "--scenario" -> scenario = Scenario.parse(flags.value());
                case "--pool-size" -> poolSize = flags.integer();
                case "--levels" -> levels = flags.integers();
                case "--level-warmup" -> levelWarmup = flags.integer();
                case "--level-samples" -> levelSamples = flags.integer();
                case "--saturation" -> {
                    String value = flags.value();
                    saturation = value.strip().equalsIgnoreCase("off") ? null : Variant.parse(value);
                    saturationGiven = true;
                }
                case "--capacity" -> capacity = flags.integer();
                case "--spawn-limit" -> spawnLimit = flags.integer();
                case "--open-timeout" -> openTimeout = flags.duration();
                case "--port-range" -> portRange = flags.value().strip();
                case "--distribution" -> distribution = Path.of(flags.value());
                case "--out" -> out = Path.of(flags.value());
                default -> throw flags.unknown();
            }
        }
        if (scenario == Scenario.COMPUTE && !variantsGiven) {
            variants = COMPUTE_VARIANTS;
        }
        if (!saturationGiven && saturation != null && !variants.contains(saturation)) {
            // The default saturation variant was left out: use the last variant run instead.
            saturation = variants.getLast();
        }
        return new BenchOptions(
                cold,
                warmup,
                samples,
                variants,
                levels,
                levelWarmup,
                levelSamples,
                saturation,
                capacity,
                spawnLimit,
                openTimeout,
                portRange,
                distribution,
                out,
                keepDir,
                scenario,
                poolSize);
    }

    /** The most concurrent clients of the saturation run (projects to create), 0 without one. */
    int maxLevel() {
        return saturation == null
                ? 0
                : levels.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public static String usage() {
        return """
                usage: run.sh [flags]
                  --variants V,V,..     JVM warm-up variants, each on a fresh platform: none, appcds,
                                        aot, wrapper, pool, aot-pool (the last two take the session
                                        services from the LSS's warm pool) (default none,appcds)
                  --cold N              first sessions on each fresh platform, reported one by one (default 3)
                  --warmup N            then N sessions and N direct starts, not recorded (default 2)
                  --samples N           recorded sessions and direct starts, alternating (default 30)
                  --saturation V|off    the variant whose platform runs the saturation sweep (default appcds)
                  --levels N,N,..       concurrent clients in the saturation sweep (default 1,2,4)
                  --level-warmup N      per level and target, unmeasured cycles of each client (default 1)
                  --level-samples N     per level and target, at least N measured cycles; each client
                                        does ceil(N / clients) (default 6)
                  --capacity N          the LSS's --capacity (default 64)
                  --spawn-limit N       the LSS's --spawn-limit (default 64)
                  --open-timeout DUR    a start not ready by then counts as failed (default 180s)
                  --port-range A-B      the LSS's --port-range (default 23000-23999)
                  --distribution DIR    opentwin-cli.jar and lib/ (default clients/cli/target)
                  --out FILE            also write the Markdown report to FILE
                  --keep-dir            keep the run directory (certificates, logs, archives)
                  --scenario S          echo3 (default): a session of three echo services at open;
                                        compute: issue 14's targets, a session of the Model at open and
                                        two on-demand services (open-to-ready, the first command through
                                        the relay, `opentwin session open`, sessions per minute); its
                                        variants default to aot,aot-pool and --saturation to the last
                                        pool variant
                  --pool-size N         the LSS's --pool-size in the compute scenario's pool variants (default 2)
                DUR is a number with ms, s or m, e.g. 500ms, 5s, 1m.
                A quick run (~4 min): run.sh --cold 1 --warmup 0 --samples 3 --levels 1,2 --level-warmup 0 --level-samples 2
                A quick compute run (< 10 min idle): run.sh --scenario compute --variants none,pool --cold 1 --warmup 0 --samples 3 --levels 1 --level-warmup 0 --level-samples 3""";
    }

    private static List<Variant> variants(String value) {
        return Flags.list(value).stream().map(Variant::parse).toList();
    }
}
