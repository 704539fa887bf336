package org.opentwinj.bench.session;

import static org.opentwinj.bench.support.Markdown.alarm;
import static org.opentwinj.bench.support.Markdown.bullets;
import static org.opentwinj.bench.support.Markdown.command;
import static org.opentwinj.bench.support.Markdown.fmt;
import static org.opentwinj.bench.support.Markdown.ratio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders a run as Markdown: the command, the machine, the set-up, open-to-ready latency of
 * sessions and direct starts with the session ÷ direct ratios, the cold sessions, the
 * variants against each other, where the time goes, resources, the saturation sweep, and
 * every failure. Pure, so the arithmetic and the layout are unit tested.
 */
final class MarkdownReport {
    /** More concurrency "pays" while throughput grows by at least this share over the best lower level. */
    static final double GROWTH = 0.10;
    /** A start during which other processes kept more than this share of the machine busy counts as disturbed. */
    static final double QUIET_PERCENT = 10;

    /**
     * @param command   the exact command line of the run
     * @param options   the parsed options
     * @param machine   lines from {@link org.opentwinj.bench.support.MachineInfo}
     * @param setup     how the run was set up
     * @param variants  what each variant measured, in run order
     * @param loadBefore load averages before the run
     * @param loadAfter load averages after it
     */
    record Input(
            String command,
            BenchOptions options,
            List<String> machine,
            List<String> setup,
            List<VariantResult> variants,
            String loadBefore,
            String loadAfter) {}

    private MarkdownReport() {}

    static String render(Input in) {
        StringBuilder md = new StringBuilder();
        BenchOptions o = in.options();
        md.append(command(in.command()));
        md.append("Plan: per variant (")
                .append(in.variants().stream().map(v -> v.variant().id()).collect(Collectors.joining(", ")))
                .append(") a fresh platform, ")
                .append(o.cold())
                .append(" cold sessions, ")
                .append(o.warmup())
                .append(" unrecorded session and direct start pairs, then ")
                .append(o.samples())
                .append(" recorded pairs, alternating which goes first");
        if (o.saturation() != null) {
            md.append("; saturation on ")
                    .append(o.saturation().id())
                    .append(" at ")
                    .append(o.levels().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append(" clients, ")
                    .append(o.levelWarmup())
                    .append(" unmeasured cycle(s) per client, then at least ")
                    .append(o.levelSamples())
                    .append(" measured cycles per level and target");
        }
        md.append("; open timeout ").append(o.openTimeout().toSeconds()).append(" s.\n\n");
        md.append("Machine:\n\n");
        md.append(bullets(in.machine()));
        md.append("- Load average (1, 5, 15 min) before the run: ")
                .append(in.loadBefore())
                .append("; after it: ")
                .append(in.loadAfter())
                .append('\n');
        md.append("\nSetup:\n\n");
        md.append(bullets(in.setup()));
        for (VariantResult v : in.variants()) {
            md.append("\nVariant ").append(v.variant().id()).append(":\n\n");
            md.append(bullets(v.notes()));
            md.append("- Platform start, fork to ready, one after the other: ")
                    .append(v.platformStart().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue() + " ms")
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        md.append("\n### Open-to-ready, one start at a time\n\n").append(latencyTable(in.variants()));
        md.append("\nThe same over the starts during which other processes kept at most ")
                .append(fmt("%.0f", QUIET_PERCENT))
                .append(" % of the machine busy (a check on interference from outside the run):\n\n")
                .append(quietTable(in.variants()));
        md.append("\n### Cold: the first sessions after the platform started\n\n")
                .append(coldTable(in.variants()));
        if (in.variants().size() > 1) {
            md.append("\n### The variants against each other\n\n").append(variantTable(in.variants()));
        }
        md.append("\n### Where the time of a start goes (medians of the recorded starts, ms)\n\n")
                .append(phaseTable(in.variants()));
        md.append("\n### Where one process's start goes (medians over every process of the recorded starts, ms)\n\n")
                .append(stepTable(in.variants()));
        md.append("\n### Resources (recorded starts)\n\n")
                .append(resourceTable(in.variants()))
                .append("\nPlatform CPU by process, medians in ms:\n\n")
                .append(platformCpuTable(in.variants()));
        for (VariantResult v : in.variants()) {
            if (!v.levels().isEmpty()) {
                md.append("\n### Saturation (")
                        .append(v.variant().id())
                        .append(")\n\n")
                        .append(saturationTable(v.levels()))
                        .append('\n')
                        .append(saturationVerdict(v.levels()))
                        .append(
                                "\nWhere a session's open-to-ready went at each level (medians of the measured starts, ms):\n\n")
                        .append(saturationPhaseTable(v.levels()));
            }
        }
        md.append('\n').append(failures(in.variants()));
        return md.toString();
    }

    static String latencyTable(List<VariantResult> variants) {
        StringBuilder md = new StringBuilder();
        md.append("| variant | target | starts | p50 ms | p99 ms | max ms | failed | p50 ÷ direct | p99 ÷ direct"
                        + " | other load, median % | starts with other load > ")
                .append(fmt("%.0f", QUIET_PERCENT))
                .append(" % |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (VariantResult v : variants) {
            Summary s = ready(v.sessions());
            Summary d = ready(v.direct());
            md.append("| ")
                    .append(v.variant().id())
                    .append(" | session | ")
                    .append(s.count())
                    .append(" | ")
                    .append(ms(s.p50()))
                    .append(" | ")
                    .append(ms(s.p99()))
                    .append(" | ")
                    .append(ms(s.max()))
                    .append(" | ")
                    .append(failedCell(v.sessions()))
                    .append(" | ")
                    .append(fmt("%.2f", ratio(s.p50(), d.p50())))
                    .append(" | ")
                    .append(fmt("%.2f", ratio(s.p99(), d.p99())))
                    .append(" | ")
                    .append(otherLoad(v.sessions()))
                    .append(" |\n");
            md.append("| ")
                    .append(v.variant().id())
                    .append(" | direct start | ")
                    .append(d.count())
                    .append(" | ")
                    .append(ms(d.p50()))
                    .append(" | ")
                    .append(ms(d.p99()))
                    .append(" | ")
                    .append(ms(d.max()))
                    .append(" | ")
                    .append(failedCell(v.direct()))
                    .append(" | — | — | ")
                    .append(otherLoad(v.direct()))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** The median other load and how many starts had more than {@link #QUIET_PERCENT}. */
    private static String otherLoad(List<StartSample> samples) {
        List<Double> loads = samples.stream()
                .filter(StartSample::ok)
                .map(StartSample::otherLoadPercent)
                .filter(l -> !Double.isNaN(l))
                .toList();
        long disturbed = loads.stream().filter(l -> l > QUIET_PERCENT).count();
        return fmt("%.1f", Summary.median(loads)) + " | "
                + (loads.isEmpty() ? "n/a" : disturbed + " of " + loads.size());
    }

    /** The same figures over the starts that other processes left alone (other load at most {@link #QUIET_PERCENT}). */
    static String quietTable(List<VariantResult> variants) {
        StringBuilder md = new StringBuilder();
        md.append(
                "| variant | target | quiet starts | p50 ms | p99 ms | p50 ÷ direct | p99 ÷ direct |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (VariantResult v : variants) {
            Summary s = ready(quiet(v.sessions()));
            Summary d = ready(quiet(v.direct()));
            md.append("| ")
                    .append(v.variant().id())
                    .append(" | session | ")
                    .append(s.count())
                    .append(" | ")
                    .append(ms(s.p50()))
                    .append(" | ")
                    .append(ms(s.p99()))
                    .append(" | ")
                    .append(fmt("%.2f", ratio(s.p50(), d.p50())))
                    .append(" | ")
                    .append(fmt("%.2f", ratio(s.p99(), d.p99())))
                    .append(" |\n");
            md.append("| ")
                    .append(v.variant().id())
                    .append(" | direct start | ")
                    .append(d.count())
                    .append(" | ")
                    .append(ms(d.p50()))
                    .append(" | ")
                    .append(ms(d.p99()))
                    .append(" | — | — |\n");
        }
        return md.toString();
    }

    static List<StartSample> quiet(List<StartSample> samples) {
        return samples.stream()
                .filter(s -> !(s.otherLoadPercent() > QUIET_PERCENT))
                .toList();
    }

    static String coldTable(List<VariantResult> variants) {
        StringBuilder md = new StringBuilder();
        md.append(
                "| variant | session | open-to-ready ms | ÷ warm session p50 | ÷ warm direct p50 |\n|---|---:|---:|---:|---:|\n");
        for (VariantResult v : variants) {
            double warmSession = ready(v.sessions()).p50();
            double warmDirect = ready(v.direct()).p50();
            for (int i = 0; i < v.cold().size(); i++) {
                StartSample s = v.cold().get(i);
                double millis = s.ok() ? s.readyNanos() / 1e6 : Double.NaN;
                md.append("| ")
                        .append(v.variant().id())
                        .append(" | ")
                        .append(i + 1)
                        .append(" | ")
                        .append(s.ok() ? ms(millis) : "**failed**")
                        .append(" | ")
                        .append(fmt("%.2f", ratio(millis, warmSession)))
                        .append(" | ")
                        .append(fmt("%.2f", ratio(millis, warmDirect)))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    /** Every later variant against the first one, per target. */
    static String variantTable(List<VariantResult> variants) {
        VariantResult base = variants.getFirst();
        StringBuilder md = new StringBuilder();
        String b = base.variant().id();
        md.append("| variant | target | p50 ms | ")
                .append(b)
                .append(" p50 ms | p50 ÷ ")
                .append(b)
                .append(" | p99 ÷ ")
                .append(b)
                .append(" | CPU per start ÷ ")
                .append(b)
                .append(" |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (VariantResult v : variants.subList(1, variants.size())) {
            for (boolean session : List.of(true, false)) {
                List<StartSample> mine = session ? v.sessions() : v.direct();
                List<StartSample> theirs = session ? base.sessions() : base.direct();
                Summary m = ready(mine);
                Summary t = ready(theirs);
                md.append("| ")
                        .append(v.variant().id())
                        .append(" | ")
                        .append(session ? "session" : "direct start")
                        .append(" | ")
                        .append(ms(m.p50()))
                        .append(" | ")
                        .append(ms(t.p50()))
                        .append(" | ")
                        .append(fmt("%.2f", ratio(m.p50(), t.p50())))
                        .append(" | ")
                        .append(fmt("%.2f", ratio(m.p99(), t.p99())))
                        .append(" | ")
                        .append(fmt(
                                "%.2f",
                                ratio(
                                        medianOf(mine, StartSample::servicesCpuNanos),
                                        medianOf(theirs, StartSample::servicesCpuNanos))))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    static String phaseTable(List<VariantResult> variants) {
        StringBuilder md = new StringBuilder(stepHeader(variants));
        for (Phase phase : Phase.values()) {
            md.append("| ").append(phase.description()).append(" |");
            for (VariantResult v : variants) {
                md.append(' ')
                        .append(ms(medianPhase(v.sessions(), phase)))
                        .append(" | ")
                        .append(phase.inDirectStart() ? ms(medianPhase(v.direct(), phase)) : "—")
                        .append(" |");
            }
            md.append('\n');
        }
        md.append("| sum of the medians above |");
        for (VariantResult v : variants) {
            md.append(' ')
                    .append(ms(sumOfMedians(v.sessions())))
                    .append(" | ")
                    .append(ms(sumOfMedians(v.direct())))
                    .append(" |");
        }
        md.append("\n| median open-to-ready |");
        for (VariantResult v : variants) {
            md.append(' ')
                    .append(ms(ready(v.sessions()).p50()))
                    .append(" | ")
                    .append(ms(ready(v.direct()).p50()))
                    .append(" |");
        }
        md.append('\n');
        return md.toString();
    }

    /** The header of a table with a row per step and a session and a direct column per variant. */
    private static String stepHeader(List<VariantResult> variants) {
        StringBuilder md = new StringBuilder("| step |");
        variants.forEach(v -> md.append(' ')
                .append(v.variant().id())
                .append(" session | ")
                .append(v.variant().id())
                .append(" direct |"));
        md.append("\n|---|");
        variants.forEach(v -> md.append("---:|---:|"));
        return md.append('\n').toString();
    }

    static String stepTable(List<VariantResult> variants) {
        StringBuilder md = new StringBuilder(stepHeader(variants));
        for (ServiceLog.Step step : ServiceLog.Step.values()) {
            md.append("| ").append(step.description()).append(" |");
            for (VariantResult v : variants) {
                md.append(' ')
                        .append(ms(medianStep(v.sessions(), step)))
                        .append(" | ")
                        .append(ms(medianStep(v.direct(), step)))
                        .append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    static String resourceTable(List<VariantResult> variants) {
        StringBuilder md = new StringBuilder();
        md.append(
                "| variant | target | peak RSS per process, median / max MB | CPU of the 3 processes until ready, median s"
                        + " | platform CPU during it (session: open + close; direct: the idle platform), median ms | archive mapped"
                        + " | close / stop, median ms |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (VariantResult v : variants) {
            for (boolean session : List.of(true, false)) {
                List<StartSample> samples = session ? v.sessions() : v.direct();
                List<Long> rss = samples.stream()
                        .flatMap(s -> s.peakRssKib().stream())
                        .filter(k -> k >= 0)
                        .toList();
                md.append("| ")
                        .append(v.variant().id())
                        .append(" | ")
                        .append(session ? "session" : "direct start")
                        .append(" | ")
                        .append(fmt("%.0f", Summary.median(rss) / 1024))
                        .append(" / ")
                        .append(fmt(
                                "%.0f",
                                rss.stream().mapToLong(Long::longValue).max().orElse(-1) / 1024.0))
                        .append(" | ")
                        .append(fmt("%.2f", medianOf(samples, StartSample::servicesCpuNanos) / 1e9))
                        .append(" | ")
                        .append(fmt("%.0f", medianOf(samples, StartSample::platformCpuNanos) / 1e6))
                        .append(" | ")
                        .append(mapped(samples))
                        .append(" | ")
                        .append(fmt("%.0f", medianOf(samples, StartSample::closeNanos) / 1e6))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    static String platformCpuTable(List<VariantResult> variants) {
        List<String> names = new ArrayList<>();
        variants.forEach(v -> v.sessions()
                .forEach(s -> s.platformCpu().keySet().forEach(n -> {
                    if (!names.contains(n)) {
                        names.add(n);
                    }
                })));
        StringBuilder md = new StringBuilder("| variant | during |");
        names.forEach(n -> md.append(' ').append(n).append(" |"));
        md.append(" all |\n|---|---|");
        names.forEach(n -> md.append("---:|"));
        md.append("---:|\n");
        for (VariantResult v : variants) {
            for (boolean session : List.of(true, false)) {
                List<StartSample> samples = (session ? v.sessions() : v.direct())
                        .stream().filter(StartSample::ok).toList();
                md.append("| ")
                        .append(v.variant().id())
                        .append(" | ")
                        .append(session ? "a session (open + close)" : "a direct start (idle platform)")
                        .append(" |");
                for (String n : names) {
                    md.append(' ')
                            .append(fmt(
                                    "%.0f",
                                    Summary.median(samples.stream()
                                                    .map(s -> s.platformCpu().get(n))
                                                    .filter(Objects::nonNull)
                                                    .toList())
                                            / 1e6))
                            .append(" |");
                }
                md.append(' ')
                        .append(fmt("%.0f", medianOf(samples, StartSample::platformCpuNanos) / 1e6))
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    /** "90 of 90" processes that had the archive mapped, or "n/a" for a variant without one. */
    static String mapped(List<StartSample> samples) {
        long processes = 0, mapped = 0;
        for (StartSample s : samples) {
            if (s.archiveMapped() >= 0) {
                mapped += s.archiveMapped();
                processes += s.peakRssKib().size();
            }
        }
        return processes == 0 ? "n/a" : mapped + " of " + processes;
    }

    static String saturationTable(List<LevelResult> levels) {
        StringBuilder md = new StringBuilder();
        md.append(
                "| clients | target | measured cycles | ready | per minute | p50 ms | p99 ms | 429 | failed | cut off"
                        + " | machine CPU % | max RSS of all echo processes, MB | platform CPU per session, ms | per minute ÷ direct | p50 ÷ direct |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<Integer, Map<StartSample.Kind, LevelResult>> byLevel = byLevel(levels);
        byLevel.forEach((clients, row) -> {
            LevelResult peer = row.get(StartSample.Kind.DIRECT);
            for (StartSample.Kind kind : List.of(StartSample.Kind.SESSION, StartSample.Kind.DIRECT)) {
                LevelResult r = row.get(kind);
                if (r == null) {
                    continue;
                }
                boolean session = kind == StartSample.Kind.SESSION;
                md.append("| ")
                        .append(clients)
                        .append(" | ")
                        .append(kind.label())
                        .append("s (")
                        .append(r.position())
                        .append(") | ")
                        .append(r.started())
                        .append(" | ")
                        .append(r.completed())
                        .append(" | ")
                        .append(fmt("%.1f", r.perMinute()))
                        .append(" | ")
                        .append(ms(r.latency().p50()))
                        .append(" | ")
                        .append(ms(r.latency().p99()))
                        .append(" | ")
                        .append(r.refused())
                        .append(" | ")
                        .append(alarm(r.failed()))
                        .append(" | ")
                        .append(alarm(r.cutOff()))
                        .append(" | ")
                        .append(fmt("%.0f", r.machineCpuPercent()))
                        .append(" | ")
                        .append(fmt("%.0f", r.maxEchoRssKib() / 1024.0))
                        .append(" | ")
                        .append(session ? fmt("%.0f", r.platformCpuMillisPerStart()) : "—")
                        .append(" | ");
                if (session && peer != null) {
                    md.append(fmt("%.2f", ratio(r.perMinute(), peer.perMinute())))
                            .append(" | ")
                            .append(fmt(
                                    "%.2f",
                                    ratio(r.latency().p50(), peer.latency().p50())))
                            .append(" |\n");
                } else {
                    md.append("— | — |\n");
                }
            }
        });
        return md.toString();
    }

    /** Per level, the median of each phase of the sessions, and of the direct starts where they have it. */
    static String saturationPhaseTable(List<LevelResult> levels) {
        Map<Integer, Map<StartSample.Kind, LevelResult>> byLevel = byLevel(levels);
        StringBuilder md = new StringBuilder("| step |");
        byLevel.keySet().forEach(c -> md.append(' ').append(c).append(c == 1 ? " client |" : " clients |"));
        md.append("\n|---|");
        byLevel.keySet().forEach(c -> md.append("---:|"));
        md.append('\n');
        for (Phase phase : Phase.values()) {
            md.append("| ").append(phase.description()).append(" |");
            byLevel.values().forEach(row -> {
                LevelResult session = row.get(StartSample.Kind.SESSION);
                LevelResult direct = row.get(StartSample.Kind.DIRECT);
                Double s = session == null ? null : session.phases().get(phase);
                Double d = direct == null || !phase.inDirectStart()
                        ? null
                        : direct.phases().get(phase);
                md.append(' ')
                        .append(s == null ? "n/a" : ms(s / 1e6))
                        .append(d == null ? "" : " (direct " + ms(d / 1e6) + ")")
                        .append(" |");
            });
            md.append('\n');
        }
        return md.toString();
    }

    /** Says from which level on more concurrency no longer raised sessions per minute. */
    static String saturationVerdict(List<LevelResult> levels) {
        Map<Integer, Map<StartSample.Kind, LevelResult>> byLevel = byLevel(levels);
        List<Integer> clients = new ArrayList<>(byLevel.keySet());
        StringBuilder out = new StringBuilder();
        for (StartSample.Kind kind : List.of(StartSample.Kind.SESSION, StartSample.Kind.DIRECT)) {
            List<Double> perMinute = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int c : clients) {
                LevelResult r = byLevel.get(c).get(kind);
                if (r != null) {
                    perMinute.add(r.perMinute());
                    at.add(c);
                }
            }
            if (perMinute.isEmpty()) {
                continue;
            }
            int last = LevelResult.lastGrowingLevel(perMinute, GROWTH);
            double best =
                    perMinute.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            out.append(kind == StartSample.Kind.SESSION ? "Sessions" : "Direct starts")
                    .append(": ");
            if (last < 0) {
                out.append("throughput still grew by at least ")
                        .append(Math.round(GROWTH * 100))
                        .append(" % at every level (up to ")
                        .append(at.getLast())
                        .append(" clients), best ")
                        .append(fmt("%.1f", best))
                        .append(" per minute");
            } else {
                out.append("throughput stops growing after ")
                        .append(at.get(last))
                        .append(at.get(last) == 1 ? " client (" : " clients (")
                        .append(fmt("%.1f", perMinute.get(last)))
                        .append(" per minute; no higher level added ")
                        .append(Math.round(GROWTH * 100))
                        .append(" % or more); best ")
                        .append(fmt("%.1f", best))
                        .append(" per minute");
            }
            out.append(".\n");
        }
        return out.toString();
    }

    private static Map<Integer, Map<StartSample.Kind, LevelResult>> byLevel(List<LevelResult> levels) {
        Map<Integer, Map<StartSample.Kind, LevelResult>> byLevel = new TreeMap<>();
        for (LevelResult r : levels) {
            byLevel.computeIfAbsent(r.clients(), k -> new EnumMap<>(StartSample.Kind.class))
                    .put(r.kind(), r);
        }
        return byLevel;
    }

    /** Says plainly whether any start failed, and which. */
    static String failures(List<VariantResult> variants) {
        List<String> lines = new ArrayList<>();
        for (VariantResult v : variants) {
            Map<String, Long> kinds = new TreeMap<>();
            for (List<StartSample> list : List.of(v.cold(), v.warmup(), v.sessions(), v.direct())) {
                for (StartSample s : list) {
                    if (!s.ok()) {
                        kinds.merge(s.kind().label() + ": " + LevelResult.shortKind(s.failure()), 1L, Long::sum);
                    }
                }
            }
            for (LevelResult r : v.levels()) {
                r.failures()
                        .forEach((kind, n) -> kinds.merge(
                                "saturation, " + r.clients() + " clients, "
                                        + r.kind().label() + ": " + kind,
                                n,
                                Long::sum));
            }
            kinds.forEach((kind, n) -> lines.add("- " + v.variant().id() + ", " + kind + " ×" + n));
        }
        long refused = variants.stream()
                .flatMap(v -> v.levels().stream())
                .mapToLong(LevelResult::refused)
                .sum();
        String spawnLimit = refused == 0
                ? ""
                : " " + refused + " answers were 429 (spawn limit); each was retried after its"
                        + " Retry-After and none is counted as a success or a failure.";
        if (lines.isEmpty()) {
            return "No failed starts: every session reached RUNNING and every direct start answered /readyz."
                    + spawnLimit + "\n";
        }
        return "**This run had failed starts**; the figures they touch are not a fair comparison:" + spawnLimit + "\n\n"
                + String.join("\n", lines) + "\n";
    }

    static Summary ready(List<StartSample> samples) {
        return Summary.ofNanos(samples.stream()
                .filter(StartSample::ok)
                .map(StartSample::readyNanos)
                .toList());
    }

    private static String failedCell(List<StartSample> samples) {
        long failed = samples.stream().filter(s -> !s.ok()).count();
        return alarm(failed);
    }

    static double medianPhase(List<StartSample> samples, Phase phase) {
        return Summary.median(samples.stream()
                        .map(s -> s.phases().get(phase))
                        .filter(Objects::nonNull)
                        .toList())
                / 1e6;
    }

    static double medianStep(List<StartSample> samples, ServiceLog.Step step) {
        return Summary.median(samples.stream()
                        .flatMap(s -> s.steps().stream())
                        .map(m -> m.get(step))
                        .filter(Objects::nonNull)
                        .toList())
                / 1e6;
    }

    private static double sumOfMedians(List<StartSample> samples) {
        double sum = 0;
        boolean any = false;
        for (Phase phase : Phase.values()) {
            double m = medianPhase(samples, phase);
            if (!Double.isNaN(m)) {
                sum += m;
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** The median of a per-sample figure over the successful samples where it is known (not negative). */
    static double medianOf(List<StartSample> samples, Function<StartSample, Long> figure) {
        Collection<Long> values = samples.stream()
                .filter(StartSample::ok)
                .map(figure)
                .filter(v -> v >= 0)
                .toList();
        return Summary.median(values);
    }

    static String describe(LevelResult r) {
        return r.clients() + " clients, " + r.kind().label() + "s: " + r.started() + " measured cycles, "
                + r.completed()
                + " ready (" + fmt("%.1f", r.perMinute()) + "/min), p50 "
                + ms(r.latency().p50()) + " ms, p99 " + ms(r.latency().p99())
                + " ms, 429 " + r.refused() + ", failed " + r.failed() + ", cut off " + r.cutOff() + ", CPU "
                + fmt("%.0f", r.machineCpuPercent()) + " %";
    }

    static String ms(double millis) {
        return fmt("%.0f", millis);
    }
}
