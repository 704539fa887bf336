package org.opentwinj.bench.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A comparison run the way the transport and relay benchmarks run it: an unrecorded pre-warm
 * of each target, then every level of every round with the targets in {@link Schedule} order,
 * each point warmed up and then measured; afterwards the rounds of each level and target are
 * merged for the report.
 */
public final class Sweep {
    private Sweep() {}

    /** One target under load. */
    public interface Load<R extends LoadPoint> {
        /** The target's name, for progress lines. */
        String name();

        /** {@code clients} clients in a closed loop: {@code warmup} unrecorded, then {@code measure} recorded. */
        R run(int clients, Duration warmup, Duration measure) throws InterruptedException;
    }

    /**
     * The JIT warm-up before the sweep: {@link SweepOptions#prewarm()} at the highest level, not
     * recorded; null when the pre-warm is off (zero).
     */
    public static <R extends LoadPoint> R prewarm(
            Load<R> load, SweepOptions options, Function<R, String> describe, Consumer<String> log)
            throws InterruptedException {
        Duration duration = options.prewarm();
        if (duration.isZero()) {
            return null;
        }
        int clients = options.maxClients();
        log.accept("pre-warming " + load.name() + " for " + duration.toMillis() / 1000.0 + " s at " + clients
                + " clients");
        R r = load.run(clients, Duration.ZERO, duration);
        log.accept("pre-warm " + describe.apply(r));
        return r;
    }

    /** Every round, every level, every target in {@link Schedule} order; a progress line per point. */
    public static <R extends LoadPoint> List<Measurement<R>> run(
            SweepOptions options, List<? extends Load<R>> targets, Function<R, String> describe, Consumer<String> log)
            throws InterruptedException {
        int rounds = options.rounds();
        List<Integer> levels = options.clients();
        List<Measurement<R>> measurements = new ArrayList<>();
        int points = rounds * levels.size() * targets.size();
        for (int round = 0; round < rounds; round++) {
            for (int level = 0; level < levels.size(); level++) {
                List<? extends Load<R>> order = Schedule.order(round, level, targets);
                for (int position = 0; position < order.size(); position++) {
                    R result = order.get(position).run(levels.get(level), options.warmup(), options.measure());
                    measurements.add(new Measurement<>(round + 1, position + 1, result));
                    log.accept("[" + measurements.size() + "/" + points + "] round " + (round + 1) + " "
                            + describe.apply(result));
                }
            }
        }
        return measurements;
    }

    /**
     * Merges the rounds of each (level, target): levels in increasing order, targets in
     * {@code targets} order (those without a result at a level left out).
     */
    public static <R extends LoadPoint> Map<Integer, Map<String, R>> merged(
            List<Measurement<R>> measurements, List<String> targets, Function<List<R>, R> merge) {
        Map<Integer, Map<String, List<R>>> grouped = new LinkedHashMap<>();
        measurements.stream()
                .sorted((a, b) ->
                        Integer.compare(a.result().clients(), b.result().clients()))
                .forEach(m -> grouped.computeIfAbsent(m.result().clients(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(m.result().target(), k -> new ArrayList<>())
                        .add(m.result()));
        Map<Integer, Map<String, R>> merged = new LinkedHashMap<>();
        grouped.forEach((clients, byTarget) -> {
            Map<String, R> row = new LinkedHashMap<>();
            for (String target : targets) {
                if (byTarget.containsKey(target)) {
                    row.put(target, merge.apply(byTarget.get(target)));
                }
            }
            merged.put(clients, row);
        });
        return merged;
    }

    /**
     * The paragraph that tells how the sweep ran, after the command in a report: "Pre-warm: 20 s
     * per target at 64 clients before the sweep, not recorded. Per point: 5 s warm-up, then 10 s
     * measured; 2 rounds, order alternating per level and round; request timeout 10 s."
     *
     * @param target  what a target is called ("target", "path")
     * @param order   how the order changes ("alternating", "reversed")
     * @param timeout what times out ("request", "reply")
     */
    public static String plan(SweepOptions o, String target, String order, String timeout) {
        return "Pre-warm: " + Markdown.seconds(o.prewarm()) + " per " + target + " at " + o.maxClients()
                + " clients before the sweep, not recorded. Per point: " + Markdown.seconds(o.warmup())
                + " warm-up, then "
                + Markdown.seconds(o.measure()) + " measured; " + o.rounds() + (o.rounds() == 1 ? " round" : " rounds")
                + ", order "
                + order + " per level and round; " + timeout + " timeout " + Markdown.seconds(o.requestTimeout())
                + ".\n\n";
    }

    /** The points of one level in one round, by target: a row of a per-round table. */
    public record Round<R extends LoadPoint>(int clients, int round, Map<String, Measurement<R>> byTarget) {}

    /** The points grouped by (level, round), levels then rounds in increasing order, to show drift between rounds. */
    public static <R extends LoadPoint> List<Round<R>> rounds(List<Measurement<R>> measurements) {
        Map<List<Integer>, Round<R>> rows = new LinkedHashMap<>();
        measurements.stream()
                .sorted(Comparator.comparingInt((Measurement<R> m) -> m.result().clients())
                        .thenComparingInt(Measurement::round))
                .forEach(m -> rows.computeIfAbsent(
                                List.of(m.result().clients(), m.round()),
                                k -> new Round<>(m.result().clients(), m.round(), new LinkedHashMap<>()))
                        .byTarget()
                        .put(m.result().target(), m));
        return List.copyOf(rows.values());
    }

    /** Failures in measured periods and warm-ups, for the exit code. */
    public static long totalErrors(List<? extends Measurement<?>> measurements) {
        return measurements.stream()
                .mapToLong(m -> m.result().errors() + m.result().warmupErrors())
                .sum();
    }

    /** "TARGET at N clients: E measured, W in warm-up: KIND ×n; ...", or null for a point without failures. */
    public static String errorLine(LoadPoint r) {
        if (r.errorKinds().isEmpty()) {
            return null;
        }
        return "- " + r.target() + " at " + r.clients() + " clients: " + r.errors() + " measured, " + r.warmupErrors()
                + " in warm-up: "
                + r.errorKinds().entrySet().stream()
                        .map(e -> e.getKey() + " ×" + e.getValue())
                        .collect(Collectors.joining("; "));
    }
}
