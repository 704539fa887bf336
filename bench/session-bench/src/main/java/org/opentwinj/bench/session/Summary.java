package org.opentwinj.bench.session;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Exact percentiles of a set of durations, in milliseconds. Pure and unit tested. A
 * percentile p is the nearest-rank one: the smallest sample that at least p % of the samples
 * do not exceed. With 30 samples p99 is therefore the largest of them, and p50 the 15th; the
 * report says so rather than pretend to more resolution. (Samples are a few hundred at most,
 * so they are kept and sorted rather than put in a histogram.)
 *
 * @param nanos the durations in nanoseconds, sorted
 */
record Summary(long[] nanos) {
    Summary {
        nanos = nanos.clone();
        Arrays.sort(nanos);
    }

    static Summary ofNanos(Collection<Long> nanos) {
        return new Summary(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    static Summary empty() {
        return new Summary(new long[0]);
    }

    long count() {
        return nanos.length;
    }

    double p50() {
        return percentile(50);
    }

    double p99() {
        return percentile(99);
    }

    double max() {
        return count() == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6;
    }

    double min() {
        return count() == 0 ? Double.NaN : nanos[0] / 1e6;
    }

    /** The nearest-rank percentile in ms, NaN when there are no samples. */
    double percentile(double p) {
        if (count() == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * nanos.length);
        return nanos[Math.clamp(rank - 1, 0, nanos.length - 1)] / 1e6;
    }

    /**
     * The median of plain values (kB, ns), NaN when there are none: the lower middle one for an
     * even count, the same rule as {@link #p50()}, so a median step and the median total agree.
     */
    static double median(Collection<? extends Number> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Summary s && Arrays.equals(nanos, s.nanos);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nanos);
    }

    @Override
    public String toString() {
        return "Summary" + Arrays.toString(nanos);
    }
}
