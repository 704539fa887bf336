package org.opentwinj.bench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.bench.support.Harness;
import org.opentwinj.bench.support.MissingPrerequisiteException;
import org.opentwinj.platform.arrays.ArrayCodec;

class DataBenchmarkTest {

    @Test
    void flags() {
        assertThat(DataBenchOptions.parse(List.of())).isEqualTo(DataBenchOptions.DEFAULTS);
        assertThat(DataBenchOptions.parse(List.of("--quick")))
                .isEqualTo(new DataBenchOptions(8, 2, Path.of("/usr/sbin/nginx"), null));
        assertThat(DataBenchOptions.parse(
                        List.of("--megabytes", "3", "--rounds", "4", "--nginx", "/x", "--out", "r.md")))
                .isEqualTo(new DataBenchOptions(3, 4, Path.of("/x"), Path.of("r.md")));
        assertThatThrownBy(() -> DataBenchOptions.parse(List.of("--rounds", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataBenchOptions.parse(List.of("--fast")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReportsMediansAndRatio() {
        DataReport report = new DataReport(
                100L << 20,
                new double[] {300, 100, 200},
                new double[] {100, 150},
                Map.of("Model alone", new double[] {50}),
                new double[] {900, 700, 800},
                new double[] {300, 350});
        assertThat(DataReport.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(report.ratio()).isEqualTo(200 / 125.0);
        assertThat(report.meetsTarget()).isFalse();
        String markdown = report.markdown(List.of("CPU: test"), "nginx version: nginx/1.22.1", "run.sh");
        assertThat(markdown)
                .contains("## Run: 100.0 MiB, 3 timed fetches per path")
                .contains("| web -> relay -> Model (HTTPS, mTLS between hops) | 300, 100, 200 | 200 | 500 |")
                .contains("| nginx (HTTPS, static file) | 100, 150 | 125 | 800 |")
                .contains("| Model alone | 50 | 50 | 2000 |")
                .contains(
                        "CPU time per fetch (median; it depends less on the machine's load than the times do): platform 800 ms"
                                + " (client and every hop), nginx 325 ms (client and nginx's workers).")
                .contains("Ratio (median platform / median nginx): **1.60** (target <= 1.5: NOT met).");
        assertThat(new DataReport(1, new double[] {10}, new double[] {10}, Map.of(), new double[] {1}, new double[] {1})
                        .meetsTarget())
                .isTrue();
    }

    @Test
    void thePayloadIsOneArrayBlockOfTheSize() throws Exception {
        byte[] payload = DataBenchmark.payload(1);
        assertThat(ArrayCodec.read(payload).getFirst().elementCount()).isEqualTo(1024 * 1024 / 4);
        assertThat(payload).isEqualTo(DataBenchmark.payload(1));
    }

    @Test
    void withoutNginxTheRunSaysWhatIsMissing() {
        assertThatThrownBy(() -> DataBenchmark.benchmark(
                        new DataBenchOptions(1, 1, Path.of("/nonexistent/nginx"), null), "test"))
                .isInstanceOf(MissingPrerequisiteException.class)
                .hasMessageContaining("install nginx-light");
    }

    /** The quick mode end to end: both paths serve the same bytes (checked) and the report has the ratio. */
    @Test
    void aQuickRun() throws Exception {
        DataBenchOptions quick = DataBenchOptions.parse(List.of("--quick"));
        assumeTrue(Files.isExecutable(quick.nginx()), "nginx is not installed");
        Harness.Outcome outcome = DataBenchmark.benchmark(quick, "run.sh --quick");
        assertThat(outcome.failures()).isZero();
        assertThat(outcome.report())
                .contains("## Run: 8.0 MiB, 2 timed fetches per path")
                .containsPattern("Ratio \\(median platform / median nginx\\): \\*\\*[0-9.]+\\*\\*");
    }
}
