package org.opentwinj.bench.session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 */
public record BenchOptions(int cold, int warmup, int samples, List<Variant> variants, List<Integer> levels, int levelWarmup,
        int levelSamples, Variant saturation, int capacity, int spawnLimit, Duration openTimeout, String portRange,
        Path distribution, Path out, boolean keepDir) {

    /**
     * Upper bounds that keep every run bounded in time and load, whatever the flags say.
     * Declared before {@link #DEFAULTS}, whose construction checks against them.
     */
    static final Duration MAX_PHASE = Duration.ofMinutes(10);
    static final int MAX_LEVEL = 64;
    static final int MAX_SAMPLES = 500;
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");
    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");

    public static final BenchOptions DEFAULTS = new BenchOptions(3, 2, 30, List.of(Variant.NONE, Variant.APPCDS),
            List.of(1, 2, 4), 1, 6, Variant.APPCDS, 64, 64,
            Duration.ofSeconds(180), "23000-23999", Path.of("clients/cli/target"), null, false);


    public BenchOptions {
        variants = List.copyOf(variants);
        levels = List.copyOf(levels);
        range("--cold", cold, 1, 20);
        range("--warmup", warmup, 0, 50);
        range("--samples", samples, 1, MAX_SAMPLES);
        range("--capacity", capacity, 1, 10_000);
        range("--spawn-limit", spawnLimit, 1, 1000);
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
                range("--levels", n, 1, MAX_LEVEL);
            }
            if (levels.stream().mapToInt(Integer::intValue).max().orElse(0) > capacity) {
                throw new IllegalArgumentException("--levels: the highest level is above --capacity " + capacity);
            }
        }
        range("--level-warmup", levelWarmup, 0, 10);
        range("--level-samples", levelSamples, 1, 200);
        check(openTimeout, "--open-timeout", false);
        Matcher ports = PORT_RANGE.matcher(portRange);
        if (!ports.matches() || Integer.parseInt(ports.group(1)) < 1024 || Integer.parseInt(ports.group(2)) > 65535
                || Integer.parseInt(ports.group(2)) - Integer.parseInt(ports.group(1)) < 3 * MAX_LEVEL) {
            throw new IllegalArgumentException("--port-range: '" + portRange + "' is not first-last within 1024-65535 with at least "
                    + 3 * MAX_LEVEL + " ports");
        }
    }

    private static void range(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + ": " + value + " is not between " + min + " and " + max);
        }
    }

    private static void check(Duration d, String flag, boolean zeroAllowed) {
        if (d.isNegative() || (!zeroAllowed && d.isZero()) || d.compareTo(MAX_PHASE) > 0) {
            throw new IllegalArgumentException(flag + ": " + d + " is out of range (" + (zeroAllowed ? "0" : "1ms") + " .. "
                    + MAX_PHASE.toMinutes() + "m)");
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
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--keep-dir")) {
                keepDir = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value (see --help)");
            }
            String value = args.get(++i);
            switch (flag) {
                case "--cold" -> cold = integer(flag, value);
                case "--warmup" -> warmup = integer(flag, value);
                case "--samples" -> samples = integer(flag, value);
                case "--variants" -> variants = variants(value);
                case "--levels" -> levels = intList(flag, value);
                case "--level-warmup" -> levelWarmup = integer(flag, value);
                case "--level-samples" -> levelSamples = integer(flag, value);
                case "--saturation" -> {
                    saturation = value.strip().equalsIgnoreCase("off") ? null : Variant.parse(value);
                    saturationGiven = true;
                }
                case "--capacity" -> capacity = integer(flag, value);
                case "--spawn-limit" -> spawnLimit = integer(flag, value);
                case "--open-timeout" -> openTimeout = duration(flag, value);
                case "--port-range" -> portRange = value.strip();
                case "--distribution" -> distribution = Path.of(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown flag '" + flag + "' (see --help)");
            }
        }
        if (!saturationGiven && saturation != null && !variants.contains(saturation)) {
            // The default saturation variant was left out: use the last variant run instead.
            saturation = variants.getLast();
        }
        return new BenchOptions(cold, warmup, samples, variants, levels, levelWarmup, levelSamples, saturation, capacity,
                spawnLimit, openTimeout, portRange, distribution, out, keepDir);
    }

    /** The most concurrent clients of the saturation run (projects to create), 0 without one. */
    int maxLevel() {
        return saturation == null ? 0 : levels.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public static String usage() {
        return """
                usage: run.sh [flags]
                  --variants V,V,..     JVM warm-up variants, each on a fresh platform: none, appcds,
                                        aot, wrapper (default none,appcds)
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
                DUR is a number with ms, s or m, e.g. 500ms, 5s, 1m.
                A quick run (~4 min): run.sh --cold 1 --warmup 0 --samples 3 --levels 1,2 --level-warmup 0 --level-samples 2""";
    }

    static Duration duration(String flag, String value) {
        Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a duration like 500ms, 5s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + value + "' is not a whole number");
        }
    }

    private static List<Integer> intList(String flag, String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                list.add(integer(flag, part));
            }
        }
        return list;
    }

    private static List<Variant> variants(String value) {
        List<Variant> list = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                list.add(Variant.parse(part));
            }
        }
        return list;
    }
}
