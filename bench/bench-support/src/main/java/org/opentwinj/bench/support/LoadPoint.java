package org.opentwinj.bench.support;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one target measured at one concurrency level, in one round or merged over rounds: the
 * part of a harness's result that the sweep, the grouping by level and the error summary use.
 */
public interface LoadPoint {
    /** The target's (or path's) name. */
    String target();

    /** Concurrent clients. */
    int clients();

    /** Successful requests or messages in the measured period. */
    long ok();

    /** Failed requests or messages in the measured period. */
    long errors();

    /** Failures during warm-up: not in the figures, but reported. */
    long warmupErrors();

    /** Failures by kind (e.g. {@code HTTP 503}), warm-up included. */
    Map<String, Long> errorKinds();

    /** Round trips of the successful exchanges of the measured period, in microseconds. */
    Histogram latencyMicros();

    /** From the start of the measured period to the end of its last counted exchange. */
    long elapsedNanos();

    /** The length of the CPU sampling window (the configured measured period). */
    long measuredNanos();
}
