package org.opentwinj.bench.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * One load-generating client's counts during a point: latencies of its successful exchanges
 * and its failures, split into the measured period and the warm-up before it. Each client
 * keeps its own, so clients never contend on shared state; {@link #sum} adds them up after the
 * point. Not thread-safe: one client, one thread.
 */
public final class Tally {
    /** Latencies above this (in microseconds) are recorded as this; a request timeout is far below. */
    public static final long MAX_MICROS = 120_000_000L;
    /** Distinct failure kinds kept; further kinds are counted as "other", so a flood of distinct messages cannot bloat the report. */
    public static final int MAX_ERROR_KINDS = 20;

    private final long measureFrom;
    private final Histogram latencyMicros = newHistogram();
    private final Map<String, Long> errorKinds = new HashMap<>();
    private long ok;
    private long errors;
    private long warmupErrors;
    private long lastEnd;

    /** @param measureFrom {@link System#nanoTime()} at which the measured period starts */
    public Tally(long measureFrom) {
        this.measureFrom = measureFrom;
        this.lastEnd = measureFrom;
    }

    /** A histogram for round trips in microseconds, 3 significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(1, MAX_MICROS, 3);
    }

    /** An exchange that began at {@code begin} and succeeded at {@code end} (nano times): counted if it began in the measured period. */
    public void success(long begin, long end) {
        if (begin >= measureFrom) {
            latencyMicros.recordValue(Math.min(MAX_MICROS, Math.max(1, (end - begin) / 1000)));
            ok++;
            lastEnd = end;
        }
    }

    /** An exchange or connection that began at {@code begin} and failed at {@code end} with {@code kind}. */
    public void failure(String kind, long begin, long end) {
        if (begin >= measureFrom) {
            errors++;
            lastEnd = end;
        } else {
            warmupErrors++;
        }
        if (errorKinds.size() < MAX_ERROR_KINDS || errorKinds.containsKey(kind)) {
            errorKinds.merge(kind, 1L, Long::sum);
        } else {
            errorKinds.merge("other", 1L, Long::sum);
        }
    }

    /** The clients' tallies added up: histograms merged, counts summed, the last end the latest of all. */
    public static Tally sum(long measureFrom, List<Tally> tallies) {
        Tally total = new Tally(measureFrom);
        for (Tally t : tallies) {
            total.latencyMicros.add(t.latencyMicros);
            total.ok += t.ok;
            total.errors += t.errors;
            total.warmupErrors += t.warmupErrors;
            total.lastEnd = Math.max(total.lastEnd, t.lastEnd);
            t.errorKinds.forEach((kind, n) -> total.errorKinds.merge(kind, n, Long::sum));
        }
        return total;
    }

    /**
     * The clients of a point once their pool has closed, so every one is done; {@code guard}
     * only bounds the wait should one not be.
     *
     * @throws IllegalStateException if a client failed (its exception, not a failed exchange) or did not finish
     */
    public static <C> List<C> finished(List<Future<C>> clients, Duration guard, String target)
            throws InterruptedException {
        List<C> done = new ArrayList<>();
        for (Future<C> client : clients) {
            try {
                done.add(client.get(guard.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a client of " + target + " failed: " + e, e);
            }
        }
        return done;
    }

    public Histogram latencyMicros() {
        return latencyMicros;
    }

    public long ok() {
        return ok;
    }

    public long errors() {
        return errors;
    }

    public long warmupErrors() {
        return warmupErrors;
    }

    public Map<String, Long> errorKinds() {
        return Map.copyOf(errorKinds);
    }

    /** From the start of the measured period to the end of the last exchange counted in it (0 when none was). */
    public long elapsedNanos() {
        return lastEnd - measureFrom;
    }

    /** A percentile of round trips in milliseconds; NaN when nothing was recorded (rather than a misleading 0). */
    public static double percentileMillis(Histogram latencyMicros, double percentile) {
        return latencyMicros.getTotalCount() == 0
                ? Double.NaN
                : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Successful exchanges per second over {@code elapsedNanos}; 0 when no time elapsed. */
    public static double perSecond(long ok, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : ok * 1e9 / elapsedNanos;
    }
}
