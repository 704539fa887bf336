package org.opentwinj.bench.model;

import static org.opentwinj.bench.support.Markdown.ratio;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The run as Markdown: per configuration save, resolve and load latency (p50, p99) and the
 * bytes of the model versions, and the delta ÷ full ratios. The arithmetic is unit tested.
 */
record Report(ModelBenchmark.Config delta, ModelBenchmark.Config full) {
    static String ms(Histogram histogram, double percentile) {
        return String.format(Locale.ROOT, "%.2f", histogram.getValueAtPercentile(percentile) / 1000.0);
    }

    /** One client saving one version after the other: measured saves divided by the time they took. */
    static String savesPerSecond(Histogram saves) {
        return String.format(Locale.ROOT, "%.1f", saves.getTotalCount() == 0 ? 0.0 : 1e6 / saves.getMean());
    }

    /** Cores and JDK: the model benchmark runs in one JVM, so that is the machine it ran on. */
    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.runtime.version");
    }

    String markdown(BenchOptions options, String loadBefore, String loadAfter, String command) {
        StringBuilder out = new StringBuilder();
        out.append("Command: `").append(command).append("`  \n");
        out.append("Machine: ")
                .append(machine())
                .append("; load average before ")
                .append(loadBefore)
                .append(", after ")
                .append(loadAfter)
                .append("  \n");
        out.append(String.format(
                Locale.ROOT,
                "Workload: %,d entities in version 1 (%d folders), %,d versions, %d entities changed per"
                        + " version, %d loads of random versions; saves measured after the first %d%n%n",
                options.entities(),
                ModelBenchmark.FOLDERS,
                options.versions(),
                options.changes(),
                options.loads(),
                ModelBenchmark.WARM_UP_SAVES));
        out.append(
                "| configuration | saves/s | save p50 ms | save p99 ms | resolve p50 ms | resolve p99 ms | load p50 ms | load p99 ms |"
                        + " full states | model-version bytes | bytes per version | entity bytes |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ModelBenchmark.Config config : new ModelBenchmark.Config[] {delta, full}) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %,d | %,d | %,d |%n",
                    config.name,
                    savesPerSecond(config.saves),
                    ms(config.saves, 50),
                    ms(config.saves, 99),
                    ms(config.resolves, 50),
                    ms(config.resolves, 99),
                    ms(config.loads, 50),
                    ms(config.loads, 99),
                    config.fullStates,
                    config.stateBytes,
                    config.stateBytes / options.versions(),
                    config.entityBytes));
        }
        out.append(String.format(
                Locale.ROOT,
                "%n| delta ÷ full | save p50 | save p99 | resolve p50 | load p50 | model-version bytes |%n"));
        out.append("|---|---:|---:|---:|---:|---:|\n");
        out.append(String.format(
                Locale.ROOT,
                "| ratio | %.2f | %.2f | %.2f | %.2f | %.3f |%n",
                ratio(delta.saves.getValueAtPercentile(50), full.saves.getValueAtPercentile(50)),
                ratio(delta.saves.getValueAtPercentile(99), full.saves.getValueAtPercentile(99)),
                ratio(delta.resolves.getValueAtPercentile(50), full.resolves.getValueAtPercentile(50)),
                ratio(delta.loads.getValueAtPercentile(50), full.loads.getValueAtPercentile(50)),
                ratio(delta.stateBytes, full.stateBytes)));
        out.append(String.format(
                Locale.ROOT,
                "%nFirst version (every entity written once): %.0f ms (delta), %.0f ms (full).%n",
                delta.firstSaveNanos / 1e6,
                full.firstSaveNanos / 1e6));
        return out.toString();
    }
}
