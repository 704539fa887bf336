package org.opentwinj.bench.support;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The rounds of one target at one level added up, for the figures every {@link LoadPoint} has:
 * histograms merged and counts and times summed, so the merged throughput is all exchanges over
 * all measured time, and percentiles are those of all exchanges together (not an average of
 * percentiles, which means nothing). A harness adds its own figures (CPU, connections) to these.
 */
public record MergedRounds(
        String target,
        int clients,
        Histogram latencyMicros,
        long ok,
        long errors,
        long warmupErrors,
        Map<String, Long> errorKinds,
        long elapsedNanos,
        long measuredNanos) {

    /** @throws IllegalArgumentException if there is nothing to merge or the rounds are of different targets or levels */
    public static MergedRounds of(List<? extends LoadPoint> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        LoadPoint first = rounds.getFirst();
        Histogram histogram = Tally.newHistogram();
        long ok = 0, errors = 0, warmupErrors = 0, elapsed = 0, measured = 0;
        Map<String, Long> kinds = new TreeMap<>();
        for (LoadPoint r : rounds) {
            if (!r.target().equals(first.target()) || r.clients() != first.clients()) {
                throw new IllegalArgumentException("cannot merge " + r.target() + "@" + r.clients() + " into "
                        + first.target() + "@" + first.clients());
            }
            histogram.add(r.latencyMicros());
            ok += r.ok();
            errors += r.errors();
            warmupErrors += r.warmupErrors();
            elapsed += r.elapsedNanos();
            measured += r.measuredNanos();
            r.errorKinds().forEach((kind, n) -> kinds.merge(kind, n, Long::sum));
        }
        return new MergedRounds(
                first.target(), first.clients(), histogram, ok, errors, warmupErrors, kinds, elapsed, measured);
    }
}
