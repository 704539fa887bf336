package org.opentwinj.bench.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transport benchmark's own flags and defaults; the sweep's flags are tested with SweepOptions in bench-support. */
class BenchOptionsTest {
    @Test
    void noFlagsGiveTheDocumentedDefaults() {
        BenchOptions o = BenchOptions.parse(List.of());

        assertThat(o.sweep().clients()).containsExactly(1, 16, 64);
        assertThat(o.sweep().rounds()).isEqualTo(2);
        assertThat(o.nginxWorkers()).isEqualTo("auto");
        assertThat(o.nginx()).isEqualTo(Path.of("/usr/sbin/nginx"));
        assertThat(o.out()).isNull();
    }

    @Test
    void theNginxFlagsAndTheSweepsAreRead() {
        BenchOptions o = BenchOptions.parse(List.of(
                "--prewarm",
                "0s",
                "--clients",
                "2, 8,",
                "--nginx-workers",
                "1",
                "--nginx",
                "/opt/nginx",
                "--request-timeout",
                "2s",
                "--out",
                "report.md",
                "--keep-dir"));

        assertThat(o.sweep().prewarm()).isZero();
        assertThat(o.sweep().clients()).containsExactly(2, 8);
        assertThat(o.nginxWorkers()).isEqualTo("1");
        assertThat(o.nginx()).isEqualTo(Path.of("/opt/nginx"));
        assertThat(o.sweep().requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.out()).isEqualTo(Path.of("report.md"));
        assertThat(o.sweep().keepDir()).isTrue();
    }

    @Test
    void badValuesAreRefusedWithTheFlagInTheMessage() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", "1025")))
                .hasMessageContaining("between 1 and 1024");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--nginx-workers", "many")))
                .hasMessageContaining("auto");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--nginx"))).hasMessageContaining("--nginx needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast", "1")))
                .hasMessageContaining("unknown flag '--fast'");
    }

    @Test
    void loadTimeCountsThePrewarmAndBothTargetsAtEveryLevelAndRound() {
        BenchOptions o = BenchOptions.parse(List.of(
                "--prewarm", "5s", "--warmup", "1s", "--measure", "3s", "--clients", "1,16,64", "--rounds", "2"));

        assertThat(o.loadTime()).isEqualTo(Duration.ofSeconds(2 * 5 + 4 * 2 * 3 * 2));
    }
}
