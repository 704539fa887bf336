package org.opentwinj.bench.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the compute scenario measured on one variant's platform.
 *
 * @param poolSize      the LSS's {@code --pool-size} (0: no pool)
 * @param notes         lines for the report about this variant (archive, JVM options, pool waits)
 * @param platformStart fork to ready of each platform process, ms, in start order
 * @param cold          the first sessions on the fresh platform (open-to-ready), reported one by one
 * @param open          recorded open-to-ready of sessions
 * @param direct        recorded direct starts of the Model JVM, to its /readyz
 * @param firstCommand  recorded first commands to the on-demand service, send to reply
 * @param cli           recorded {@code opentwin session open} processes, start to exit
 * @param levels        sessions per minute, one entry per level (empty: not measured on this variant)
 */
record ComputeResult(
        Variant variant,
        int poolSize,
        List<String> notes,
        Map<String, Long> platformStart,
        List<ComputeSample> cold,
        List<ComputeSample> open,
        List<ComputeSample> direct,
        List<ComputeSample> firstCommand,
        List<ComputeSample> cli,
        List<ComputeRate.Level> levels) {
    ComputeResult {
        notes = List.copyOf(notes);
        // In start order, as the report lists them.
        platformStart = Collections.unmodifiableMap(new LinkedHashMap<>(platformStart));
        cold = List.copyOf(cold);
        open = List.copyOf(open);
        direct = List.copyOf(direct);
        firstCommand = List.copyOf(firstCommand);
        cli = List.copyOf(cli);
        levels = List.copyOf(levels);
    }

    /** Failed measurements of every kind: a run with any exits 1. */
    long failures() {
        return Stream.of(cold, open, direct, firstCommand, cli)
                        .flatMap(List::stream)
                        .filter(s -> !s.succeeded())
                        .count()
                + levels.stream().mapToLong(ComputeRate.Level::failed).sum();
    }

    /** The successful samples' durations. */
    static Summary summary(List<ComputeSample> samples) {
        return Summary.ofNanos(samples.stream()
                .filter(ComputeSample::succeeded)
                .map(ComputeSample::nanos)
                .toList());
    }

    /** The median of the samples' load averages, NaN when none is known. */
    static double medianLoad(List<ComputeSample> samples) {
        return Summary.median(samples.stream()
                .map(ComputeSample::load)
                .filter(l -> !Double.isNaN(l))
                .toList());
    }
}
