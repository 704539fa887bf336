package org.opentwinj.bench.relay;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.opentwinj.bench.support.CpuTime;
import org.opentwinj.bench.support.LoadPoint;
import org.opentwinj.bench.support.MergedRounds;
import org.opentwinj.bench.support.Tally;

/**
 * What one path measured at one concurrency level. The figures derived from it are pure
 * arithmetic, unit tested.
 *
 * @param target         the path's name
 * @param clients        concurrent websocket clients
 * @param latencyMicros  round trips of the successful messages sent in the measured period
 * @param ok             messages answered with exactly the expected reply in the measured period
 * @param errors         failed messages in the measured period (wrong reply, timeout, closed websocket)
 * @param warmupErrors   failed messages and connection attempts during warm-up (not in the figures, but reported)
 * @param errorKinds     failures by kind, warm-up included
 * @param elapsedNanos   from the start of the measured period to the last reply of a message sent in it
 * @param connections    established connections of the load generator to the port it talks to at the end, -1 if unknown
 * @param opened         of those, how many were not there at the start of the measured period, -1 if unknown
 * @param upstreamConnections established connections of the relay or proxy to the echo service at the end,
 *                       -1 for direct or unknown
 * @param upstreamOpened of those, how many were not there at the start of the measured period, -1 if unknown
 * @param reopened       websockets the clients had to open again after a failure (0 when all went well)
 * @param proxyCpuNanos  CPU time of the relay or proxy process in the measured period, -1 if none or unknown
 * @param echoCpuNanos   CPU time of the echo service process in the measured period, -1 if unknown
 * @param clientCpuNanos CPU time of the load generator's process in the measured period, -1 if unknown
 * @param measuredNanos  the length of the CPU sampling window (the configured measured period)
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
        int upstreamConnections,
        int upstreamOpened,
        long reopened,
        long proxyCpuNanos,
        long echoCpuNanos,
        long clientCpuNanos,
        long measuredNanos)
        implements LoadPoint {

    PointResult {
        errorKinds = Map.copyOf(errorKinds);
    }

    double messagesPerSecond() {
        return Tally.perSecond(ok, elapsedNanos);
    }

    double p50Millis() {
        return percentileMillis(50);
    }

    double p99Millis() {
        return percentileMillis(99);
    }

    private double percentileMillis(double percentile) {
        return Tally.percentileMillis(latencyMicros, percentile);
    }

    /** CPU of the relay or proxy per successful message, in microseconds; NaN for direct or unknown. */
    double proxyCpuMicrosPerMessage() {
        return perMessage(proxyCpuNanos);
    }

    /** CPU of the echo service per successful message, in microseconds; NaN if unknown. */
    double echoCpuMicrosPerMessage() {
        return perMessage(echoCpuNanos);
    }

    /** Relay or proxy plus echo service: all the server-side CPU a message costs on this path. */
    double serverCpuMicrosPerMessage() {
        if (proxyCpuNanos < 0 && target.equals(Target.DIRECT)) {
            return echoCpuMicrosPerMessage();
        }
        return proxyCpuNanos < 0 || echoCpuNanos < 0 ? Double.NaN : perMessage(proxyCpuNanos + echoCpuNanos);
    }

    private double perMessage(long nanos) {
        return CpuTime.microsPer(nanos, ok);
    }

    /** A CPU time as a share of one core during the measured period (100 = one core busy). */
    double percentOfCore(long nanos) {
        return CpuTime.percentOfCore(nanos, measuredNanos);
    }

    /**
     * Adds up rounds of the same path and level: histograms and counts are summed, so the
     * merged throughput is total messages over total measured time, and percentiles are those
     * of all messages together (not an average of percentiles, which means nothing).
     *
     * @throws IllegalArgumentException if the results are of different paths or levels
     */
    static PointResult merge(List<PointResult> rounds) {
        MergedRounds m = MergedRounds.of(rounds);
        long reopened = 0;
        long proxyCpu = 0, echoCpu = 0, clientCpu = 0;
        int connections = -1, upstreamConnections = -1;
        int opened = 0, upstreamOpened = 0;
        for (PointResult r : rounds) {
            reopened += r.reopened;
            proxyCpu = CpuTime.sum(proxyCpu, r.proxyCpuNanos);
            echoCpu = CpuTime.sum(echoCpu, r.echoCpuNanos);
            clientCpu = CpuTime.sum(clientCpu, r.clientCpuNanos);
            connections = Math.max(connections, r.connections);
            upstreamConnections = Math.max(upstreamConnections, r.upstreamConnections);
            opened = (int) CpuTime.sum(opened, r.opened);
            upstreamOpened = (int) CpuTime.sum(upstreamOpened, r.upstreamOpened);
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
                upstreamConnections,
                upstreamOpened,
                reopened,
                proxyCpu,
                echoCpu,
                clientCpu,
                m.measuredNanos());
    }
}
