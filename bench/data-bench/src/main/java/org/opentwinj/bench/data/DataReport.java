package org.opentwinj.bench.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a run (pure, so it is unit tested): the time of each timed fetch per path, the
 * medians, the throughput and the ratio the issue sets a target for (platform / nginx <= 1.5).
 *
 * @param bytes      the payload's size
 * @param platformMs each timed fetch through web -> relay -> Model, in milliseconds
 * @param nginxMs    each timed fetch from nginx, in milliseconds
 * @param hops       the same fetch from inside the path (the relay, the Model), to tell where time goes
 * @param platformCpuMs the CPU time of each platform fetch (this JVM: the client and every hop)
 * @param nginxCpuMs    the CPU time of each nginx fetch (this JVM's client and nginx's workers)
 */
record DataReport(
        long bytes,
        double[] platformMs,
        double[] nginxMs,
        Map<String, double[]> hops,
        double[] platformCpuMs,
        double[] nginxCpuMs) {
    static final double TARGET_RATIO = 1.5;

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double ratio() {
        return median(platformMs) / median(nginxMs);
    }

    boolean meetsTarget() {
        return ratio() <= TARGET_RATIO;
    }

    String markdown(List<String> machine, String nginxVersion, String command) {
        List<String> lines = new ArrayList<>();
        lines.add("## Run: " + String.format(Locale.ROOT, "%.1f", bytes / 1048576.0) + " MiB, " + platformMs.length
                + " timed fetches per path");
        lines.add("");
        lines.add("Command: `" + command + "`");
        lines.add("");
        machine.forEach(line -> lines.add("- " + line));
        lines.add("- nginx: " + nginxVersion);
        lines.add("");
        lines.add("| path | fetches (ms) | median (ms) | MiB/s (median) |");
        lines.add("|---|---|---|---|");
        lines.add(row("web -> relay -> Model (HTTPS, mTLS between hops)", platformMs));
        lines.add(row("nginx (HTTPS, static file)", nginxMs));
        hops.forEach((path, ms) -> lines.add(row(path, ms)));
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "CPU time per fetch (median; it depends less on the machine's load than the times do): platform %.0f ms"
                        + " (client and every hop), nginx %.0f ms (client and nginx's workers).",
                median(platformCpuMs),
                median(nginxCpuMs)));
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "Ratio (median platform / median nginx): **%.2f** (target <= %.1f: %s).",
                ratio(),
                TARGET_RATIO,
                meetsTarget() ? "met" : "NOT met"));
        lines.add("");
        return String.join("\n", lines);
    }

    private String row(String path, double[] ms) {
        StringBuilder each = new StringBuilder();
        for (double value : ms) {
            each.append(each.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", value));
        }
        double median = median(ms);
        return String.format(
                Locale.ROOT, "| %s | %s | %.0f | %.0f |", path, each, median, bytes / 1048576.0 / (median / 1000));
    }
}
