package org.opentwinj.bench.session;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one target did at one concurrency level of the saturation sweep. Pure data and
 * arithmetic, unit tested.
 *
 * <p>Throughput comes from the closed loop's cycle times (Little's law): N clients, each
 * starting again as soon as it has stopped, complete N / (mean cycle time) cycles per unit of
 * time. Every measured cycle's whole duration counts, instead of completions in a time window
 * a few cycles long, which would be quantised to a few starts.
 *
 * @param kind              sessions or direct starts
 * @param clients           concurrent clients, each in a closed loop (start, wait until ready, stop, again)
 * @param position          1 if this target ran first at its level, 2 if second
 * @param started           measured cycles
 * @param latency           open-to-ready of those that got ready
 * @param cycleNanos        the summed duration (start to stopped) of the measured cycles
 * @param failures          of those, the ones that failed, by kind
 * @param refused           429 answers (spawn limit) they got; each was retried, none is a success or a failure
 * @param cutOff            of those, starts still under way when the drain time ran out (stopped, not counted)
 * @param measuredNanos     the measured period: from the end of the last warm-up cycle to the end of the last measured cycle
 * @param machineCpuPercent busy share of all cores during that period (100 = every core busy), NaN if unknown
 * @param maxEchoRssKib     the largest sum of resident memory of all echo processes seen during the level (1 s samples)
 * @param platformCpuNanos  CPU time of database, AUTH, GSS and LSS during that period; -1 if unknown
 * @param phases            per {@link Phase}, the median over the cycles that got ready, in ns
 */
record LevelResult(
        StartSample.Kind kind,
        int clients,
        int position,
        int started,
        Summary latency,
        long cycleNanos,
        Map<String, Long> failures,
        long refused,
        long cutOff,
        long measuredNanos,
        double machineCpuPercent,
        long maxEchoRssKib,
        long platformCpuNanos,
        Map<Phase, Double> phases) {

    /** One turn of a client's loop: the start and when it began and ended (stopped again). */
    record Cycle(StartSample sample, long beginNanos, long endNanos) {}

    LevelResult {
        failures = Map.copyOf(failures);
        phases = Map.copyOf(phases);
    }

    /** Measured starts that got ready. */
    long completed() {
        return latency.count();
    }

    /** Successful starts per minute: clients × successes ÷ the time all measured cycles took. */
    double perMinute() {
        return cycleNanos <= 0 ? 0 : clients * (double) completed() * 60e9 / cycleNanos;
    }

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Platform CPU per successful start in ms: its CPU in the measured period over the starts that rate makes in it. */
    double platformCpuMillisPerStart() {
        double starts = perMinute() * measuredNanos / 60e9;
        return platformCpuNanos < 0 || starts <= 0 ? Double.NaN : platformCpuNanos / 1e6 / starts;
    }

    /** Builds the result from the measured cycles of the level. */
    static LevelResult of(
            StartSample.Kind kind,
            int clients,
            int position,
            List<Cycle> cycles,
            long measuredNanos,
            double machineCpuPercent,
            long maxEchoRssKib,
            long platformCpuNanos) {
        List<Long> ready = new ArrayList<>();
        Map<Phase, List<Long>> phases = new EnumMap<>(Phase.class);
        Map<String, Long> failures = new TreeMap<>();
        long refused = 0, cutOff = 0, cycleNanos = 0;
        int started = 0;
        for (Cycle c : cycles) {
            started++;
            StartSample s = c.sample();
            if (SessionCycle.CUT_OFF.equals(s.failure())) {
                cutOff++;
                continue;
            }
            cycleNanos += c.endNanos() - c.beginNanos();
            refused += s.refused();
            if (s.ok()) {
                ready.add(s.readyNanos());
                s.phases()
                        .forEach((phase, nanos) -> phases.computeIfAbsent(phase, k -> new ArrayList<>())
                                .add(nanos));
            } else {
                failures.merge(shortKind(s.failure()), 1L, Long::sum);
            }
        }
        Map<Phase, Double> medians = new EnumMap<>(Phase.class);
        phases.forEach((phase, values) -> medians.put(phase, Summary.median(values)));
        return new LevelResult(
                kind,
                clients,
                position,
                started,
                Summary.ofNanos(ready),
                cycleNanos,
                failures,
                refused,
                cutOff,
                measuredNanos,
                machineCpuPercent,
                maxEchoRssKib,
                platformCpuNanos,
                medians);
    }

    /** A failure's reason without what differs from one start to the next (session ids, ports). */
    static String shortKind(String failure) {
        String kind = failure.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                .replaceAll("https://[^\\s,;)']+", "<url>");
        return kind.length() > 160 ? kind.substring(0, 160) + "…" : kind;
    }

    /**
     * The level from which more concurrency no longer pays: the first whose throughput is less
     * than {@code 1 + gain} times the best of the lower levels. Returns the index of the best
     * level below it, or -1 when every level grew (the machine did not saturate).
     */
    static int lastGrowingLevel(List<Double> perMinute, double gain) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < perMinute.size(); i++) {
            double v = perMinute.get(i);
            if (i > 0 && v < best * (1 + gain)) {
                return perMinute.subList(0, i).indexOf(best);
            }
            best = Math.max(best, v);
        }
        return -1;
    }
}
