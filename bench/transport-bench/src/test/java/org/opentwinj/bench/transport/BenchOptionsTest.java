package org.opentwinj.bench.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void noFlagsGiveTheDocumentedDefaults() {
        BenchOptions o = BenchOptions.parse(List.of());

        assertThat(o.prewarm()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.measure()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.clients()).containsExactly(1, 16, 64);
        assertThat(o.maxClients()).isEqualTo(64);
        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.nginxWorkers()).isEqualTo("auto");
        assertThat(o.nginx()).isEqualTo(Path.of("/usr/sbin/nginx"));
        assertThat(o.out()).isNull();
        assertThat(o.keepDir()).isFalse();
    }

    @Test
    void everyFlagIsRead() {
        BenchOptions o = BenchOptions.parse(List.of("--prewarm", "0s", "--warmup", "500ms", "--measure", "1m", "--clients", "2, 8,",
                "--rounds", "3", "--nginx-workers", "1", "--nginx", "/opt/nginx", "--request-timeout", "2s",
                "--out", "report.md", "--keep-dir"));

        assertThat(o.prewarm()).isZero();
        assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.measure()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.clients()).containsExactly(2, 8);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.nginxWorkers()).isEqualTo("1");
        assertThat(o.nginx()).isEqualTo(Path.of("/opt/nginx"));
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.out()).isEqualTo(Path.of("report.md"));
        assertThat(o.keepDir()).isTrue();
    }

    @Test
    void aZeroWarmupIsAllowedButAZeroMeasureIsNot() {
        assertThat(BenchOptions.parse(List.of("--warmup", "0s")).warmup()).isZero();
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--measure", "0s")))
                .hasMessageContaining("--measure");
    }

    @Test
    void badValuesAreRefusedWithTheFlagInTheMessage() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--warmup", "5"))).hasMessageContaining("--warmup")
                .hasMessageContaining("500ms");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", "0"))).hasMessageContaining("--clients");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", "a"))).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rounds", "11"))).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--nginx-workers", "many"))).hasMessageContaining("auto");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--measure", "6m"))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--measure"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast", "1"))).hasMessageContaining("unknown flag '--fast'");
    }

    @Test
    void loadTimeCountsThePrewarmAndBothTargetsAtEveryLevelAndRound() {
        BenchOptions o = BenchOptions.parse(List.of("--prewarm", "5s", "--warmup", "1s", "--measure", "3s",
                "--clients", "1,16,64", "--rounds", "2"));

        assertThat(o.loadTime()).isEqualTo(Duration.ofSeconds(2 * 5 + 4 * 2 * 3 * 2));
    }
}
