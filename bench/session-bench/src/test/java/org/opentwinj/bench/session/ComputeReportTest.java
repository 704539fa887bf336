package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComputeReportTest {
    private static List<ComputeSample> ms(double load, long... millis) {
        List<ComputeSample> samples = new ArrayList<>();
        for (long m : millis) {
            samples.add(ComputeSample.ok(m * 1_000_000L, load, -1));
        }
        return samples;
    }

    private static ComputeResult noPool() {
        return new ComputeResult(
                Variant.AOT,
                0,
                List.of("note"),
                Map.of("database", 100L),
                ms(1.0, 900),
                ms(2.0, 500, 600, 700),
                ms(2.0, 480, 500, 520),
                ms(2.0, 600, 700, 800),
                ms(2.0, 1200, 1300, 1400),
                List.of());
    }

    private static ComputeResult pool(long openP50, List<ComputeRate.Level> levels) {
        List<ComputeSample> open = new ArrayList<>(ms(0.5, openP50 - 10, openP50, openP50 + 10));
        return new ComputeResult(
                Variant.AOT_POOL,
                2,
                List.of(),
                Map.of(),
                ms(0.5, 400),
                open,
                ms(0.5, 480, 500, 520),
                ms(0.5, 300, 400, 450),
                List.of(
                        ComputeSample.ok(900_000_000L, 0.5, -1),
                        ComputeSample.failed("session open exited 3: refused", 0.5, -1),
                        ComputeSample.ok(800_000_000L, 0.5, -1)),
                levels);
    }

    @Test
    void poolVariantsAreCheckedAgainstThePoolTargetsAndOthersAgainstTheDirectStart() {
        ComputeRate.Level level = new ComputeRate.Level(1, List.of(1_000_000_000L, 1_000_000_000L), 0, List.of(), 0.7);

        List<ComputeReport.Target> targets = ComputeReport.targets(List.of(noPool(), pool(250, List.of(level))));

        assertThat(targets)
                .extracting(
                        ComputeReport.Target::variant, ComputeReport.Target::measured, ComputeReport.Target::verdict)
                .containsExactly(
                        tuple("aot", "1.20", "NOT MET"),
                        tuple("aot-pool", "250 ms", "PASS"),
                        tuple("aot-pool", "400 ms", "PASS"),
                        tuple("aot-pool", "800 ms", "PASS"),
                        tuple("aot-pool", "60.0", "PASS"));
    }

    @Test
    void aSlowPoolOpenIsNotMetAndMissingFiguresAreNotMeasured() {
        ComputeResult empty = new ComputeResult(
                Variant.POOL, 2, List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

        assertThat(ComputeReport.targets(List.of(pool(301, List.of())))
                        .getFirst()
                        .verdict())
                .isEqualTo("NOT MET");
        assertThat(ComputeReport.targets(List.of(empty)))
                .extracting(ComputeReport.Target::verdict)
                .containsOnly("not measured");
    }

    @Test
    void perMinuteIsLittlesLawOverTheSuccessfulCycles() {
        assertThat(new ComputeRate.Level(2, List.of(2_000_000_000L, 4_000_000_000L), 1, List.of(), 1).perMinute())
                .isEqualTo(40.0);
        assertThat(new ComputeRate.Level(1, List.of(), 3, List.of(), 1).perMinute())
                .isNaN();
    }

    @Test
    void theOpenTableGivesPercentilesRatioAndLoadPerTarget() {
        String table = ComputeReport.openTable(List.of(noPool()));

        assertThat(table)
                .contains("| aot | 0 | session | 3 | 600 | 700 | 700 | 0 | 1.20 | 1.35 | 2.0 |")
                .contains("| aot | 0 | direct start of the Model JVM | 3 | 500 | 520 | 520 | 0 | — | — | 2.0 |");
    }

    @Test
    void failedSamplesAreCountedApartAndListed() {
        ComputeResult p = pool(250, List.of());

        assertThat(ComputeReport.sampleTable(List.of(p), ComputeResult::cli))
                .contains("| aot-pool | 2 | 3 | 800 | 900 | 900 | 1 | 0.5 |");
        assertThat(p.failures()).isEqualTo(1);
        assertThat(ComputeReport.failures(List.of(p)))
                .contains("aot-pool, `session open`: session open exited 3: refused");
        assertThat(ComputeReport.failures(List.of(noPool()))).startsWith("No failures");
    }
}
