package org.opentwinj.bench.transport;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.opentwinj.bench.support.CpuTime;
import org.opentwinj.bench.support.LoadPoint;
import org.opentwinj.bench.support.MergedRounds;
import org.opentwinj.bench.support.Tally;

/**
 * What one target did at one concurrency level in one round (or, after {@link #merge}, in
 * all rounds). Pure data and arithmetic, unit tested.
 *
 * @param target          the target's name
 * @param clients         concurrent clients
 * @param latencyMicros   round-trip times of the successful requests started in the measured period
 * @param ok              successful requests (HTTP 200 with the expected body) in the measured period
 * @param errors          failed requests in the measured period
 * @param warmupErrors    failed requests during warm-up (not in the figures, but reported)
 * @param errorKinds      failures by kind (e.g. {@code HTTP 503}), warm-up included
 * @param elapsedNanos    from the start of the measured period to the last reply of a request started in it
 * @param connections     established connections on the server port at the end, -1 if unknown
 * @param opened          of those, how many were not there at the start of the measured period, -1 if unknown
 * @param serverCpuNanos  server CPU time (all its processes) during the measured period, -1 if unknown
 * @param clientCpuNanos  load generator CPU time during the measured period, -1 if unknown
 * @param measuredNanos   the length of the CPU sampling window (the configured measured period)
 */
record PointResult(
        String target,
        int clients,
        Histogram latencyMicros,
        long ok,
        long errors,
        long warmupErrors,
        Map<String, Long> errorKinds,
        long elapsedNanos,
        int connections,
        int opened,
        long serverCpuNanos,
        long clientCpuNanos,
        long measuredNanos)
        implements LoadPoint {

    PointResult {
        errorKinds = Map.copyOf(errorKinds);
    }

    double requestsPerSecond() {
        return Tally.perSecond(ok, elapsedNanos);
    }

    double p50Millis() {
        return percentileMillis(50);
    }

    double p99Millis() {
        return percentileMillis(99);
    }

    double maxMillis() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
    }

    private double percentileMillis(double percentile) {
        return Tally.percentileMillis(latencyMicros, percentile);
    }

    /** Server CPU per successful request in microseconds; NaN if unknown. */
    double serverCpuMicrosPerRequest() {
        return CpuTime.microsPer(serverCpuNanos, ok);
    }

    /** Server CPU as a share of one core during the measured period (100 = one core busy). */
    double serverCpuPercent() {
        return CpuTime.percentOfCore(serverCpuNanos, measuredNanos);
    }

    double clientCpuPercent() {
        return CpuTime.percentOfCore(clientCpuNanos, measuredNanos);
    }

    /**
     * Adds up rounds of the same target and level: histograms and counts are summed, so the
     * merged throughput is total requests over total measured time, and percentiles are those
     * of all requests together (not an average of percentiles, which means nothing).
     *
     * @throws IllegalArgumentException if the results are of different targets or levels
     */
    static PointResult merge(List<PointResult> rounds) {
        MergedRounds m = MergedRounds.of(rounds);
        long serverCpu = 0, clientCpu = 0;
        int connections = -1;
        int opened = 0;
        for (PointResult r : rounds) {
            serverCpu = CpuTime.sum(serverCpu, r.serverCpuNanos);
            clientCpu = CpuTime.sum(clientCpu, r.clientCpuNanos);
            connections = Math.max(connections, r.connections);
            opened = (int) CpuTime.sum(opened, r.opened);
        }
        return new PointResult(
                m.target(),
                m.clients(),
                m.latencyMicros(),
                m.ok(),
                m.errors(),
                m.warmupErrors(),
                m.errorKinds(),
                m.elapsedNanos(),
                connections,
                opened,
                serverCpu,
                clientCpu,
                m.measuredNanos());
    }
}
