package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private static final long S = 1_000_000_000L;

    private static VariantResult variant(
            Variant variant, long sessionMillis, long directMillis, List<LevelResult> levels) {
        List<StartSample> sessions = new ArrayList<>();
        List<StartSample> direct = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(Samples.session(sessionMillis + i));
            direct.add(Samples.direct(directMillis + i));
        }
        return new VariantResult(
                variant,
                List.of("a note"),
                Map.of("gss", 3_000L),
                List.of(Samples.session(2 * sessionMillis)),
                List.of(),
                sessions,
                direct,
                levels);
    }

    /** {@code ready} cycles of one minute of all clients' time together: per minute = ready. */
    private static LevelResult level(StartSample.Kind kind, int clients, int position, int ready, long latencyMillis) {
        List<LevelResult.Cycle> cycles = new ArrayList<>();
        long each = 60 * S * clients / ready;
        for (int i = 0; i < ready; i++) {
            cycles.add(new LevelResult.Cycle(Samples.ok(kind, latencyMillis, 0), 10 * S, 10 * S + each));
        }
        return LevelResult.of(
                kind,
                clients,
                position,
                cycles,
                60 * S,
                99,
                1024 * 1024,
                kind == StartSample.Kind.SESSION ? 6 * S : -1);
    }

    @Test
    void theLatencyTableHasTheSessionOverDirectRatiosOnTheSessionRow() {
        String table = MarkdownReport.latencyTable(List.of(variant(Variant.NONE, 6_000, 4_000, List.of())));

        List<String> rows = table.lines().toList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(2))
                .startsWith("| none | session | 4 | 6001 | 6003 | 6003 | 0 | 1.50 | 1.50 | 2.0 | 0 of 4 |");
        assertThat(rows.get(3)).startsWith("| none | direct start | 4 | 4001 |").endsWith("| — | — | 2.0 | 0 of 4 |");
    }

    @Test
    void startsDisturbedByOtherProcessesAreLeftOutOfTheQuietTable() {
        VariantResult v = variant(Variant.NONE, 6_000, 4_000, List.of());
        List<StartSample> sessions = new ArrayList<>(v.sessions());
        StartSample slow = Samples.session(60_000);
        sessions.add(new StartSample(
                slow.kind(),
                null,
                slow.readyNanos(),
                slow.closeNanos(),
                slow.phases(),
                slow.steps(),
                slow.peakRssKib(),
                slow.servicesCpuNanos(),
                slow.platformCpu(),
                slow.archiveMapped(),
                0,
                0,
                35.0));
        VariantResult disturbed = new VariantResult(
                Variant.NONE, v.notes(), v.platformStart(), v.cold(), v.warmup(), sessions, v.direct(), List.of());

        assertThat(MarkdownReport.latencyTable(List.of(disturbed))).contains("| 1 of 5 |");
        assertThat(MarkdownReport.quietTable(List.of(disturbed)))
                .contains("| none | session | 4 | 6001 | 6003 | 1.50 | 1.50 |");
    }

    @Test
    void coldSessionsAreComparedWithTheWarmMedians() {
        String table = MarkdownReport.coldTable(List.of(variant(Variant.NONE, 6_000, 4_000, List.of())));

        assertThat(table).contains("| none | 1 | 12000 | 2.00 | 3.00 |");
    }

    @Test
    void laterVariantsAreComparedWithTheFirst() {
        String table = MarkdownReport.variantTable(List.of(
                variant(Variant.NONE, 6_000, 4_000, List.of()), variant(Variant.APPCDS, 3_000, 2_000, List.of())));

        assertThat(table)
                .contains("| appcds | session | 3001 | 6001 | 0.50 |")
                .contains("| appcds | direct start | 2001 | 4001 | 0.50 |");
    }

    @Test
    void phasesShowDashesWhereADirectStartHasNoSuchStep() {
        String table = MarkdownReport.phaseTable(List.of(variant(Variant.NONE, 6_000, 4_000, List.of())));

        assertThat(table)
                .contains("| " + Phase.REQUEST.description() + " | 10 | — |")
                .contains("| " + Phase.BOOT.description() + " | 5991 | 4001 |")
                .contains("| median open-to-ready | 6001 | 4001 |");
    }

    @Test
    void resourcesShowMemoryCpuAndWhetherTheArchiveWasMapped() {
        String table = MarkdownReport.resourceTable(List.of(variant(Variant.APPCDS, 6_000, 4_000, List.of())));

        assertThat(table)
                .contains("| appcds | session | 160 / 170 | 3.00 | 400 | 12 of 12 | 500 |")
                .contains("| appcds | direct start | 160 / 170 | 3.00 | 30 | 12 of 12 | 500 |");
        assertThat(MarkdownReport.platformCpuTable(List.of(variant(Variant.APPCDS, 6_000, 4_000, List.of()))))
                .contains("| variant | during | gss | lss | all |")
                .contains("| appcds | a session (open + close) | 100 | 300 | 400 |")
                .contains("| appcds | a direct start (idle platform) | 10 | 20 | 30 |");
    }

    @Test
    void saturationRowsCarryThroughputAndRatiosAndTheVerdictSaysWhereItStops() {
        List<LevelResult> levels = List.of(
                level(StartSample.Kind.SESSION, 1, 1, 10, 5_000),
                level(StartSample.Kind.DIRECT, 1, 2, 12, 4_000),
                level(StartSample.Kind.DIRECT, 2, 1, 20, 6_000),
                level(StartSample.Kind.SESSION, 2, 2, 15, 8_000),
                level(StartSample.Kind.SESSION, 4, 1, 15, 16_000),
                level(StartSample.Kind.DIRECT, 4, 2, 21, 12_000));

        String table = MarkdownReport.saturationTable(levels);
        String verdict = MarkdownReport.saturationVerdict(levels);

        assertThat(table)
                .contains(
                        "| 1 | sessions (1) | 10 | 10 | 10.0 | 5000 | 5000 | 0 | 0 | 0 | 99 | 1024 | 600 | 0.83 | 1.25 |")
                .contains("| 1 | direct starts (2) | 12 | 12 | 12.0 |");
        assertThat(verdict)
                .contains("Sessions: throughput stops growing after 2 clients (15.0 per minute")
                .contains("Direct starts: throughput stops growing after 2 clients (20.0 per minute");
        assertThat(MarkdownReport.saturationPhaseTable(levels))
                .contains("| step | 1 client | 2 clients | 4 clients |")
                .contains("| " + Phase.REQUEST.description() + " | 10 | 10 | 10 |")
                .contains("| " + Phase.BOOT.description()
                        + " | 4990 (direct 4000) | 7990 (direct 6000) | 15990 (direct 12000) |")
                .contains("| " + Phase.RUN.description() + " | n/a | n/a | n/a |");
    }

    @Test
    void failuresAreReportedLoudly() {
        VariantResult v = new VariantResult(
                Variant.NONE,
                List.of(),
                Map.of(),
                List.of(),
                List.of(),
                List.of(StartSample.failed(
                        StartSample.Kind.SESSION, "session FAILED: echo-1 did not confirm within 60.0 s", 0, 0)),
                List.of(Samples.direct(1_000)),
                List.of());

        assertThat(MarkdownReport.failures(List.of(v)))
                .startsWith("**This run had failed starts**")
                .contains("- none, session: session FAILED: echo-1 did not confirm within 60.0 s ×1");
        assertThat(v.failures()).isEqualTo(1);
        assertThat(MarkdownReport.latencyTable(List.of(v))).contains("| **1** |");
    }

    @Test
    void aCleanRunSaysSo() {
        assertThat(MarkdownReport.failures(List.of(variant(Variant.NONE, 1, 1, List.of()))))
                .startsWith("No failed starts");
    }

    @Test
    void theJvmOptionsCheckSaysWhetherSessionAndDirectStartsMatch() {
        List<String> session = List.of(
                "/jdk/bin/java",
                "-XX:SharedArchiveFile=/tmp/x/appcds.jsa",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                "a.jar",
                "Main",
                "run",
                "echo",
                "--session-id",
                "s");
        List<String> direct = List.of(
                "/jdk/bin/java",
                "-XX:SharedArchiveFile=/tmp/x/appcds.jsa",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                "a.jar",
                "Main",
                "run",
                "echo");
        List<String> expected = List.of("-XX:SharedArchiveFile=/tmp/x/appcds.jsa", "-XX:+ExitOnOutOfMemoryError");

        assertThat(BenchmarkRun.optionsCheck(expected, session, direct))
                .startsWith("JVM options")
                .contains("identical, `-XX:SharedArchiveFile=…/appcds.jsa -XX:+ExitOnOutOfMemoryError`");
        assertThat(BenchmarkRun.optionsCheck(expected, session, direct.subList(2, direct.size())))
                .startsWith("**JVM options differ**");
        assertThat(BenchmarkRun.optionsCheck(expected, null, direct)).contains("could not be compared");
        assertThat(Distribution.jvmOptionsOf(List.of("java", "-cp", "x"))).isEmpty();
    }
}
