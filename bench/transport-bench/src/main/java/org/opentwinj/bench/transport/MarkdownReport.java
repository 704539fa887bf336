package org.opentwinj.bench.transport;

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
import org.opentwinj.bench.support.Measurement;
import org.opentwinj.bench.support.Sweep;
import org.opentwinj.bench.support.SweepOptions;

/**
 * Renders a run as Markdown: the command, the machine, the setup, one table with a row per
 * level and target and the OpenTwin/J ÷ nginx ratios on the OpenTwin/J rows, the per-round
 * throughput, and every error. Pure, so the arithmetic and the layout are unit tested.
 */
final class MarkdownReport {
    static final String OURS = "OpenTwin/J";
    static final String PEER = "nginx";

    /**
     * @param command      the exact command line of the run
     * @param options      the parsed options
     * @param machine      lines from {@link org.opentwinj.bench.support.MachineInfo}
     * @param setup        how each target ran and what the probes found
     * @param measurements every point of every round
     */
    record Input(
            String command,
            BenchOptions options,
            List<String> machine,
            List<String> setup,
            List<Measurement<PointResult>> measurements) {}

    private MarkdownReport() {}

    /** Merges the rounds of each (level, target), in level order, OpenTwin/J first. */
    static Map<Integer, Map<String, PointResult>> merged(List<Measurement<PointResult>> measurements) {
        return Sweep.merged(measurements, List.of(OURS, PEER), PointResult::merge);
    }

    static String render(Input in) {
        StringBuilder md = new StringBuilder();
        SweepOptions o = in.options().sweep();
        md.append(command(in.command()));
        md.append(Sweep.plan(o, "target", "alternating", "request"));
        md.append("Machine:\n\n");
        md.append(bullets(in.machine()));
        md.append("\nSetup:\n\n");
        md.append(bullets(in.setup()));
        md.append('\n');
        Map<Integer, Map<String, PointResult>> merged = merged(in.measurements());
        md.append(resultsTable(merged));
        if (o.rounds() > 1) {
            md.append('\n').append(roundsTable(in.measurements()));
        }
        md.append('\n').append(errors(merged));
        return md.toString();
    }

    static String resultsTable(Map<Integer, Map<String, PointResult>> merged) {
        StringBuilder md = new StringBuilder();
        md.append("| clients | target | requests | req/s | p50 ms | p99 ms | errors | conns (new) | server CPU µs/req"
                + " | server CPU % | client CPU % | req/s ÷ nginx | p50 ÷ nginx | p99 ÷ nginx | CPU/req ÷ nginx |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        merged.forEach((clients, row) -> {
            PointResult peer = row.get(PEER);
            row.forEach((target, r) -> {
                md.append("| ")
                        .append(clients)
                        .append(" | ")
                        .append(target)
                        .append(" | ")
                        .append(r.ok())
                        .append(" | ")
                        .append(fmt("%.0f", r.requestsPerSecond()))
                        .append(" | ")
                        .append(fmt("%.3f", r.p50Millis()))
                        .append(" | ")
                        .append(fmt("%.3f", r.p99Millis()))
                        .append(" | ")
                        .append(alarm(r.errors()))
                        .append(" | ")
                        .append(connections(r.connections(), r.opened()))
                        .append(" | ")
                        .append(fmt("%.1f", r.serverCpuMicrosPerRequest()))
                        .append(" | ")
                        .append(fmt("%.0f", r.serverCpuPercent()))
                        .append(" | ")
                        .append(fmt("%.0f", r.clientCpuPercent()));
                if (target.equals(OURS) && peer != null) {
                    md.append(" | ")
                            .append(fmt("%.2f", ratio(r.requestsPerSecond(), peer.requestsPerSecond())))
                            .append(" | ")
                            .append(fmt("%.2f", ratio(r.p50Millis(), peer.p50Millis())))
                            .append(" | ")
                            .append(fmt("%.2f", ratio(r.p99Millis(), peer.p99Millis())))
                            .append(" | ")
                            .append(fmt("%.2f", ratio(r.serverCpuMicrosPerRequest(), peer.serverCpuMicrosPerRequest())))
                            .append(" |\n");
                } else {
                    md.append(" | — | — | — | — |\n");
                }
            });
        });
        return md.toString();
    }

    /** Throughput of every round, with the position each target ran in, to show drift. */
    static String roundsTable(List<Measurement<PointResult>> measurements) {
        StringBuilder md = new StringBuilder();
        md.append("Per round (req/s; (1) ran first, (2) second at that level):\n\n");
        md.append("| clients | round | OpenTwin/J req/s | nginx req/s | ratio |\n|---:|---:|---:|---:|---:|\n");
        for (Sweep.Round<PointResult> round : Sweep.rounds(measurements)) {
            Map<String, Measurement<PointResult>> row = round.byTarget();
            Measurement<PointResult> ours = row.get(OURS);
            Measurement<PointResult> peer = row.get(PEER);
            md.append("| ")
                    .append(round.clients())
                    .append(" | ")
                    .append(round.round())
                    .append(" | ")
                    .append(cell(ours))
                    .append(" | ")
                    .append(cell(peer))
                    .append(" | ")
                    .append(
                            ours == null || peer == null
                                    ? "n/a"
                                    : fmt(
                                            "%.2f",
                                            ratio(
                                                    ours.result().requestsPerSecond(),
                                                    peer.result().requestsPerSecond())))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String cell(Measurement<PointResult> m) {
        return m == null ? "n/a" : fmt("%.0f", m.result().requestsPerSecond()) + " (" + m.position() + ")";
    }

    /** Says plainly whether the run had errors, and which. */
    static String errors(Map<Integer, Map<String, PointResult>> merged) {
        long measured = 0, warmup = 0;
        List<String> lines = new ArrayList<>();
        for (var row : merged.values()) {
            for (PointResult r : row.values()) {
                measured += r.errors();
                warmup += r.warmupErrors();
                String line = Sweep.errorLine(r);
                if (line != null) {
                    lines.add(line);
                }
            }
        }
        if (measured == 0 && warmup == 0) {
            return "No errors: every request got HTTP 200 with the expected body.\n";
        }
        return "**This run had errors** (" + measured + " in measured periods, " + warmup + " in warm-ups);"
                + " its figures are not a fair comparison:\n\n" + String.join("\n", lines) + "\n";
    }

    /** Total errors in measured periods and warm-ups, for the exit code. */
    static long totalErrors(List<Measurement<PointResult>> measurements) {
        return Sweep.totalErrors(measurements);
    }

    static String describe(PointResult r) {
        return Objects.requireNonNull(r.target()) + " @" + r.clients() + ": " + fmt("%.0f", r.requestsPerSecond())
                + " req/s, p50 " + fmt("%.3f", r.p50Millis()) + " ms, p99 " + fmt("%.3f", r.p99Millis())
                + " ms, errors "
                + r.errors() + (r.warmupErrors() > 0 ? " (+" + r.warmupErrors() + " in warm-up)" : "")
                + ", conns " + connections(r.connections(), r.opened());
    }
}
