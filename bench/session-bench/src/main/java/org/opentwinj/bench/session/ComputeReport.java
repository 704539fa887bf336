package org.opentwinj.bench.session;

import static org.opentwinj.bench.support.Markdown.bullets;
import static org.opentwinj.bench.support.Markdown.command;
import static org.opentwinj.bench.support.Markdown.fmt;
import static org.opentwinj.bench.support.Markdown.ratio;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The compute scenario's report, in the style of {@link MarkdownReport}: the plan, machine and
 * setup, then one table per measurement (p50, p90, max, failures, the median 1-minute load
 * average while it was measured, and the ratio against the direct start where there is one),
 * and the targets with PASS or NOT MET. Pure, so it is unit tested.
 */
final class ComputeReport {
    /** Issue 14's targets. */
    static final double OPEN_POOL_P50_MS = 300;

    static final double OPEN_NO_POOL_RATIO = 1.1;
    static final double FIRST_COMMAND_POOL_P50_MS = 500;
    static final double CLI_OPEN_POOL_P50_MS = 1000;
    /** 10 × the 4.5 sessions per minute of the "today". */
    static final double PER_MINUTE = 45;

    record Input(
            String command,
            BenchOptions options,
            List<String> machine,
            List<String> setup,
            List<ComputeResult> variants,
            String loadBefore,
            String loadAfter) {}

    /** One target, checked on one variant. */
    record Target(String variant, String what, String goal, String measured, String verdict) {}

    private ComputeReport() {}

    static String render(Input in) {
        StringBuilder md = new StringBuilder();
        BenchOptions o = in.options();
        md.append(command(in.command()));
        md.append("Plan (scenario compute): per variant (")
                .append(in.variants().stream().map(v -> v.variant().id()).collect(Collectors.joining(", ")))
                .append(") a fresh platform with the relay, ")
                .append(o.cold())
                .append(" cold sessions, ")
                .append(o.warmup())
                .append(" unrecorded rounds, then ")
                .append(o.samples())
                .append(" recorded rounds (a session with its first command, a direct start of the Model JVM, and")
                .append(" `opentwin session open`; the session and the direct start alternate which goes first)");
        if (o.saturation() != null) {
            md.append("; sessions per minute on ")
                    .append(o.saturation().id())
                    .append(" at ")
                    .append(o.levels().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(" clients, ")
                    .append(o.levelWarmup())
                    .append(" unmeasured cycle(s) per client, then at least ")
                    .append(o.levelSamples())
                    .append(" measured cycles per level");
        }
        md.append("; open timeout ").append(o.openTimeout().toSeconds()).append(" s.\n\n");
        md.append("Machine:\n\n").append(bullets(in.machine()));
        md.append("- Load average (1, 5, 15 min) before the run: ")
                .append(in.loadBefore())
                .append("; after it: ")
                .append(in.loadAfter())
                .append('\n');
        md.append("\nSetup:\n\n").append(bullets(in.setup()));
        for (ComputeResult v : in.variants()) {
            md.append("\nVariant ").append(v.variant().id()).append(":\n\n").append(bullets(v.notes()));
            md.append("- Platform start, fork to ready, one after the other: ")
                    .append(v.platformStart().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue() + " ms")
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        md.append("\n#### Targets\n\n").append(targetTable(targets(in.variants())));
        md.append("\n#### Open-to-ready: the Model at open, two services on demand\n\n")
                .append(openTable(in.variants()));
        md.append("\n#### Cold: the first sessions after the platform started\n\n")
                .append(coldTable(in.variants()));
        md.append("\n#### The first command to an on-demand service, send to reply through the relay\n\n")
                .append(sampleTable(in.variants(), ComputeResult::firstCommand));
        md.append("\n#### `opentwin session open` from the shell to \"running\" (the CLI process, start to exit)\n\n")
                .append(sampleTable(in.variants(), ComputeResult::cli));
        if (in.variants().stream().anyMatch(v -> !v.levels().isEmpty())) {
            md.append("\n#### Sessions per minute (closed loop)\n\n").append(rateTable(in.variants()));
        }
        md.append('\n').append(failures(in.variants()));
        return md.toString();
    }

    static String openTable(List<ComputeResult> variants) {
        StringBuilder t = new StringBuilder(
                "| variant | pool | target | samples | p50 ms | p90 ms | max ms | failed | p50 ÷ direct | p90 ÷ direct | load, median |\n"
                        + "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ComputeResult v : variants) {
            Summary s = ComputeResult.summary(v.open());
            Summary d = ComputeResult.summary(v.direct());
            t.append(row(
                    v.variant().id(),
                    Integer.toString(v.poolSize()),
                    "session",
                    Integer.toString(v.open().size()),
                    ms(s.p50()),
                    ms(s.percentile(90)),
                    ms(s.max()),
                    Long.toString(failed(v.open())),
                    fmt("%.2f", ratio(s.p50(), d.p50())),
                    fmt("%.2f", ratio(s.percentile(90), d.percentile(90))),
                    fmt("%.1f", ComputeResult.medianLoad(v.open()))));
            t.append(row(
                    v.variant().id(),
                    Integer.toString(v.poolSize()),
                    "direct start of the Model JVM",
                    Integer.toString(v.direct().size()),
                    ms(d.p50()),
                    ms(d.percentile(90)),
                    ms(d.max()),
                    Long.toString(failed(v.direct())),
                    "—",
                    "—",
                    fmt("%.1f", ComputeResult.medianLoad(v.direct()))));
        }
        return t.toString();
    }

    static String coldTable(List<ComputeResult> variants) {
        StringBuilder t = new StringBuilder("| variant | session | open-to-ready ms | load |\n|---|---:|---:|---:|\n");
        for (ComputeResult v : variants) {
            for (int i = 0; i < v.cold().size(); i++) {
                ComputeSample s = v.cold().get(i);
                t.append(row(
                        v.variant().id(),
                        Integer.toString(i + 1),
                        s.succeeded() ? ms(s.nanos() / 1e6) : "**failed**",
                        fmt("%.1f", s.load())));
            }
        }
        return t.toString();
    }

    /** p50/p90/max of one kind of sample per variant. */
    static String sampleTable(List<ComputeResult> variants, Function<ComputeResult, List<ComputeSample>> kind) {
        StringBuilder t =
                new StringBuilder("| variant | pool | samples | p50 ms | p90 ms | max ms | failed | load, median |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ComputeResult v : variants) {
            List<ComputeSample> samples = kind.apply(v);
            Summary s = ComputeResult.summary(samples);
            t.append(row(
                    v.variant().id(),
                    Integer.toString(v.poolSize()),
                    Integer.toString(samples.size()),
                    ms(s.p50()),
                    ms(s.percentile(90)),
                    ms(s.max()),
                    Long.toString(failed(samples)),
                    fmt("%.1f", ComputeResult.medianLoad(samples))));
        }
        return t.toString();
    }

    static String rateTable(List<ComputeResult> variants) {
        StringBuilder t = new StringBuilder(
                "| variant | pool | clients | measured cycles | ok | per minute | open-to-ready p50 ms | failed | load at the end |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ComputeResult v : variants) {
            for (ComputeRate.Level l : v.levels()) {
                t.append(row(
                        v.variant().id(),
                        Integer.toString(v.poolSize()),
                        Integer.toString(l.clients()),
                        Integer.toString(l.cycleNanos().size() + l.failed()),
                        Integer.toString(l.cycleNanos().size()),
                        fmt("%.1f", l.perMinute()),
                        ms(ComputeResult.summary(l.opens()).p50()),
                        Integer.toString(l.failed()),
                        fmt("%.1f", l.load())));
            }
        }
        return t.toString();
    }

    /** Every target on every variant it applies to: the pool targets on pool variants, the ratio on the others. */
    static List<Target> targets(List<ComputeResult> variants) {
        List<Target> targets = new ArrayList<>();
        for (ComputeResult v : variants) {
            String id = v.variant().id();
            if (v.poolSize() > 0) {
                Summary open = ComputeResult.summary(v.open());
                targets.add(atMost(id, "open-to-ready p50 with a warm pool", OPEN_POOL_P50_MS, open.p50(), " ms"));
                targets.add(atMost(
                        id,
                        "first command to an on-demand service, p50 with a pool",
                        FIRST_COMMAND_POOL_P50_MS,
                        ComputeResult.summary(v.firstCommand()).p50(),
                        " ms"));
                targets.add(atMost(
                        id,
                        "`opentwin session open` to running, p50 with a pool",
                        CLI_OPEN_POOL_P50_MS,
                        ComputeResult.summary(v.cli()).p50(),
                        " ms"));
                if (!v.levels().isEmpty()) {
                    double best = v.levels().stream()
                            .mapToDouble(ComputeRate.Level::perMinute)
                            .filter(x -> !Double.isNaN(x))
                            .max()
                            .orElse(Double.NaN);
                    targets.add(new Target(
                            id,
                            "sessions per minute with the pool (best level)",
                            ">= " + fmt("%.0f", PER_MINUTE),
                            fmt("%.1f", best),
                            Double.isNaN(best) ? "not measured" : best >= PER_MINUTE ? "PASS" : "NOT MET"));
                }
            } else {
                double r = ratio(
                        ComputeResult.summary(v.open()).p50(),
                        ComputeResult.summary(v.direct()).p50());
                targets.add(new Target(
                        id,
                        "open-to-ready p50 without a pool ÷ direct start of the Model JVM p50",
                        "<= " + fmt("%.1f", OPEN_NO_POOL_RATIO),
                        fmt("%.2f", r),
                        Double.isNaN(r) ? "not measured" : r <= OPEN_NO_POOL_RATIO ? "PASS" : "NOT MET"));
            }
        }
        return targets;
    }

    static String targetTable(List<Target> targets) {
        StringBuilder t =
                new StringBuilder("| variant | target | goal | measured | result |\n|---|---|---:|---:|---|\n");
        for (Target target : targets) {
            t.append(row(target.variant(), target.what(), target.goal(), target.measured(), target.verdict()));
        }
        return t.toString();
    }

    private static Target atMost(String variant, String what, double goal, double measured, String unit) {
        return new Target(
                variant,
                what,
                "<= " + fmt("%.0f", goal) + unit,
                Double.isNaN(measured) ? "n/a" : ms(measured) + unit,
                Double.isNaN(measured) ? "not measured" : measured <= goal ? "PASS" : "NOT MET");
    }

    static String failures(List<ComputeResult> variants) {
        List<String> lines = new ArrayList<>();
        for (ComputeResult v : variants) {
            addFailures(lines, v, "cold session", v.cold());
            addFailures(lines, v, "session", v.open());
            addFailures(lines, v, "direct start", v.direct());
            addFailures(lines, v, "first command", v.firstCommand());
            addFailures(lines, v, "`session open`", v.cli());
            for (ComputeRate.Level l : v.levels()) {
                if (l.failed() > 0) {
                    lines.add(v.variant().id() + ", " + l.clients() + " clients: " + l.failed()
                            + " failed cycles (the run's log has their reasons)");
                }
            }
        }
        return lines.isEmpty()
                ? "No failures: every session reached RUNNING, every first command was answered, every direct start"
                        + " answered /readyz and every `session open` exited 0.\n"
                : "Failures:\n\n" + bullets(lines);
    }

    private static void addFailures(List<String> lines, ComputeResult v, String what, List<ComputeSample> samples) {
        for (ComputeSample s : samples) {
            if (!s.succeeded()) {
                lines.add(v.variant().id() + ", " + what + ": " + s.failure());
            }
        }
    }

    private static long failed(List<ComputeSample> samples) {
        return samples.stream().filter(s -> !s.succeeded()).count();
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "n/a" : fmt("%.0f", millis);
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
