package org.opentwinj.bench.support;

/**
 * Arithmetic on CPU times sampled with {@link ChildProcesses#cpuNanos}, where -1 means unknown
 * (the platform does not report it, or there is no such process): unknown stays unknown
 * instead of turning into a wrong number.
 */
public final class CpuTime {
    private CpuTime() {}

    /** CPU time spent between two samples; -1 when either is unknown. */
    public static long between(long from, long to) {
        return from < 0 || to < 0 ? -1 : to - from;
    }

    /** Adds one round's CPU time (or another figure where -1 means unknown) to a total; unknown in any round makes the total unknown. */
    public static long sum(long total, long value) {
        return total < 0 || value < 0 ? -1 : total + value;
    }

    /** CPU time per successful exchange, in microseconds; NaN when unknown or nothing succeeded. */
    public static double microsPer(long nanos, long ok) {
        return nanos < 0 || ok == 0 ? Double.NaN : nanos / 1000.0 / ok;
    }

    /** CPU time as a share of one core over {@code periodNanos} (100 = one core busy); NaN when unknown. */
    public static double percentOfCore(long nanos, long periodNanos) {
        return nanos < 0 || periodNanos <= 0 ? Double.NaN : 100.0 * nanos / periodNanos;
    }
}
