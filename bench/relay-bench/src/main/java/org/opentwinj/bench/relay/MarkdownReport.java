package org.opentwinj.bench.relay;

import static org.opentwinj.bench.support.Markdown.alarm;
import static org.opentwinj.bench.support.Markdown.bullets;
import static org.opentwinj.bench.support.Markdown.command;
import static org.opentwinj.bench.support.Markdown.connections;
import static org.opentwinj.bench.support.Markdown.fmt;
import static org.opentwinj.bench.support.Markdown.ratio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.opentwinj.bench.support.Measurement;
import org.opentwinj.bench.support.Sweep;
import org.opentwinj.bench.support.SweepOptions;

/**
 * Renders a run as Markdown: the command, the machine, the setup, one table with a row per
 * level and path (with the latency each proxy adds to the direct path), the relay ÷
 * configurable-http-proxy ratios, the per-round throughput, and every error. Pure, so the
 * arithmetic and the layout are unit tested.
 */
final class MarkdownReport {
    static final String DIRECT = Target.DIRECT;
    static final String OURS = Target.RELAY;
    static final String PEER = Target.CHP;
    static final String BRIDGE = Target.BRIDGE;

    /**
     * @param command      the exact command line of the run
     * @param options      the parsed options
     * @param machine      lines from {@link org.opentwinj.bench.support.MachineInfo}
     * @param setup        how each path ran and what the probes found
     * @param measurements every point of every round
     */
    record Input(
            String command,
            BenchOptions options,
            List<String> machine,
            List<String> setup,
            List<Measurement<PointResult>> measurements) {}

    private MarkdownReport() {}

    /**
     * What a path adds to the direct path at one percentile: the difference of the two
     * percentiles, in ms (not the percentile of per-message differences, which one cannot
     * measure: a message takes one path only). NaN for the direct path itself or when either is missing.
     */
    static double added(PointResult path, PointResult direct, ToDoubleFunction<PointResult> percentile) {
        if (direct == null || path == direct || path.target().equals(DIRECT)) {
            return Double.NaN;
        }
        return percentile.applyAsDouble(path) - percentile.applyAsDouble(direct);
    }

    /** Merges the rounds of each (level, path), in level order, paths in {@link Target#NAMES} order. */
    static Map<Integer, Map<String, PointResult>> merged(List<Measurement<PointResult>> measurements) {
        return Sweep.merged(measurements, Target.NAMES, PointResult::merge);
    }

    static String render(Input in) {
        StringBuilder md = new StringBuilder();
        SweepOptions o = in.options().sweep();
        md.append(command(in.command()));
        md.append(Sweep.plan(o, "path", "reversed", "reply"));
        md.append("Machine:\n\n");
        md.append(bullets(in.machine()));
        md.append("\nSetup:\n\n");
        md.append(bullets(in.setup()));
        md.append('\n');
        Map<Integer, Map<String, PointResult>> merged = merged(in.measurements());
        md.append(resultsTable(merged)).append('\n');
        md.append(ratiosTable(merged)).append('\n');
        md.append(bridgeTable(merged));
        if (o.rounds() > 1) {
            md.append('\n').append(roundsTable(in.measurements()));
        }
        md.append('\n').append(errors(merged));
        return md.toString();
    }

    static String resultsTable(Map<Integer, Map<String, PointResult>> merged) {
        StringBuilder md = new StringBuilder();
        md.append(
                "| clients | path | messages | msg/s | p50 ms | p99 ms | added p50 ms | added p99 ms | errors | conns (new)"
                        + " | upstream conns (new) | reopened | proxy CPU µs/msg | echo CPU µs/msg | proxy CPU % | echo CPU % | client CPU % |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        merged.forEach((clients, row) -> {
            PointResult direct = row.get(DIRECT);
            row.forEach((target, r) -> md.append("| ")
                    .append(clients)
                    .append(" | ")
                    .append(target)
                    .append(" | ")
                    .append(r.ok())
                    .append(" | ")
                    .append(fmt("%.0f", r.messagesPerSecond()))
                    .append(" | ")
                    .append(fmt("%.3f", r.p50Millis()))
                    .append(" | ")
                    .append(fmt("%.3f", r.p99Millis()))
                    .append(" | ")
                    .append(target.equals(DIRECT) ? "—" : fmt("%.3f", added(r, direct, PointResult::p50Millis)))
                    .append(" | ")
                    .append(target.equals(DIRECT) ? "—" : fmt("%.3f", added(r, direct, PointResult::p99Millis)))
                    .append(" | ")
                    .append(alarm(r.errors()))
                    .append(" | ")
                    .append(connections(r.connections(), r.opened()))
                    .append(" | ")
                    .append(target.equals(DIRECT) ? "—" : connections(r.upstreamConnections(), r.upstreamOpened()))
                    .append(" | ")
                    .append(alarm(r.reopened()))
                    .append(" | ")
                    .append(target.equals(DIRECT) ? "—" : fmt("%.1f", r.proxyCpuMicrosPerMessage()))
                    .append(" | ")
                    .append(fmt("%.1f", r.echoCpuMicrosPerMessage()))
                    .append(" | ")
                    .append(target.equals(DIRECT) ? "—" : fmt("%.0f", r.percentOfCore(r.proxyCpuNanos())))
                    .append(" | ")
                    .append(fmt("%.0f", r.percentOfCore(r.echoCpuNanos())))
                    .append(" | ")
                    .append(fmt("%.0f", r.percentOfCore(r.clientCpuNanos())))
                    .append(" |\n"));
        });
        return md.toString();
    }

    /** The comparison the benchmark is for: the relay's figures divided by configurable-http-proxy's. */
    static String ratiosTable(Map<Integer, Map<String, PointResult>> merged) {
        StringBuilder md = new StringBuilder();
        md.append(
                "OpenTwin/J relay ÷ configurable-http-proxy, same run (added latency = path − direct at the same level):\n\n");
        md.append("| clients | msg/s | added p50 | added p99 | proxy CPU/msg | proxy + echo CPU/msg |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        merged.forEach((clients, row) -> {
            PointResult ours = row.get(OURS);
            PointResult peer = row.get(PEER);
            PointResult direct = row.get(DIRECT);
            if (ours == null || peer == null) {
                return;
            }
            md.append("| ")
                    .append(clients)
                    .append(" | ")
                    .append(fmt("%.2f", ratio(ours.messagesPerSecond(), peer.messagesPerSecond())))
                    .append(" | ")
                    .append(fmt(
                            "%.2f",
                            ratio(
                                    added(ours, direct, PointResult::p50Millis),
                                    added(peer, direct, PointResult::p50Millis))))
                    .append(" | ")
                    .append(fmt(
                            "%.2f",
                            ratio(
                                    added(ours, direct, PointResult::p99Millis),
                                    added(peer, direct, PointResult::p99Millis))))
                    .append(" | ")
                    .append(fmt("%.2f", ratio(ours.proxyCpuMicrosPerMessage(), peer.proxyCpuMicrosPerMessage())))
                    .append(" | ")
                    .append(fmt("%.2f", ratio(ours.serverCpuMicrosPerMessage(), peer.serverCpuMicrosPerMessage())))
                    .append(" |\n");
        });
        return md.toString();
    }

    /**
     * What the web service's bridge costs (issue 13: the page's websocket goes through it): the
     * relay behind the bridge divided by the relay alone, and the hop's own latency.
     */
    static String bridgeTable(Map<Integer, Map<String, PointResult>> merged) {
        StringBuilder md = new StringBuilder();
        md.append(
                "The extra hop: relay via the web service's bridge ÷ relay directly, same run (hop = bridge − relay):\n\n");
        md.append("| clients | msg/s | p50 | p99 | hop p50 ms | hop p99 ms |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        merged.forEach((clients, row) -> {
            PointResult ours = row.get(OURS);
            PointResult bridged = row.get(BRIDGE);
            if (ours == null || bridged == null) {
                return;
            }
            md.append("| ")
                    .append(clients)
                    .append(" | ")
                    .append(fmt("%.2f", ratio(bridged.messagesPerSecond(), ours.messagesPerSecond())))
                    .append(" | ")
                    .append(fmt("%.2f", ratio(bridged.p50Millis(), ours.p50Millis())))
                    .append(" | ")
                    .append(fmt("%.2f", ratio(bridged.p99Millis(), ours.p99Millis())))
                    .append(" | ")
                    .append(fmt("%.3f", bridged.p50Millis() - ours.p50Millis()))
                    .append(" | ")
                    .append(fmt("%.3f", bridged.p99Millis() - ours.p99Millis()))
                    .append(" |\n");
        });
        return md.toString();
    }

    /** Throughput of every round, with the position each path ran in, to show drift. */
    static String roundsTable(List<Measurement<PointResult>> measurements) {
        StringBuilder md = new StringBuilder();
        md.append("Per round (msg/s; (1) ran first, (4) last at that level):\n\n");
        md.append("| clients | round | direct msg/s | relay msg/s | relay via web msg/s | CHP msg/s | relay ÷ CHP |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Sweep.Round<PointResult> round : Sweep.rounds(measurements)) {
            Map<String, Measurement<PointResult>> row = round.byTarget();
            Measurement<PointResult> ours = row.get(OURS);
            Measurement<PointResult> peer = row.get(PEER);
            md.append("| ")
                    .append(round.clients())
                    .append(" | ")
                    .append(round.round())
                    .append(" | ")
                    .append(cell(row.get(DIRECT)))
                    .append(" | ")
                    .append(cell(ours))
                    .append(" | ")
                    .append(cell(row.get(BRIDGE)))
                    .append(" | ")
                    .append(cell(peer))
                    .append(" | ")
                    .append(
                            ours == null || peer == null
                                    ? "n/a"
                                    : fmt(
                                            "%.2f",
                                            ratio(
                                                    ours.result().messagesPerSecond(),
                                                    peer.result().messagesPerSecond())))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String cell(Measurement<PointResult> m) {
        return m == null ? "n/a" : fmt("%.0f", m.result().messagesPerSecond()) + " (" + m.position() + ")";
    }

    /** Says plainly whether the run had errors, and which. */
    static String errors(Map<Integer, Map<String, PointResult>> merged) {
        long measured = 0, warmup = 0, reopened = 0;
        List<String> lines = new ArrayList<>();
        for (var row : merged.values()) {
            for (PointResult r : row.values()) {
                measured += r.errors();
                warmup += r.warmupErrors();
                reopened += r.reopened();
                String line = Sweep.errorLine(r);
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        if (measured == 0 && warmup == 0 && reopened == 0) {
            return "No errors: every message got exactly the expected reply, and no websocket had to be opened again.\n";
        }
        return "**This run had errors** (" + measured + " in measured periods, " + warmup + " in warm-ups, " + reopened
                + " websockets opened again); its figures are not a fair comparison:\n\n" + String.join("\n", lines)
                + "\n";
    }

    /** Total errors in measured periods and warm-ups, for the exit code. */
    static long totalErrors(List<Measurement<PointResult>> measurements) {
        return Sweep.totalErrors(measurements);
    }

    static String describe(PointResult r) {
        return Objects.requireNonNull(r.target()) + " @" + r.clients() + ": " + fmt("%.0f", r.messagesPerSecond())
                + " msg/s, p50 " + fmt("%.3f", r.p50Millis()) + " ms, p99 " + fmt("%.3f", r.p99Millis())
                + " ms, errors "
                + r.errors() + (r.warmupErrors() > 0 ? " (+" + r.warmupErrors() + " in warm-up)" : "")
                + ", conns " + connections(r.connections(), r.opened()) + ", upstream conns "
                + connections(r.upstreamConnections(), r.upstreamOpened())
                + (r.reopened() > 0 ? ", reopened " + r.reopened() : "");
    }
}
