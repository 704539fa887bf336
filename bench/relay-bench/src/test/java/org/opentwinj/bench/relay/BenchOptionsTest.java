package org.opentwinj.bench.relay;

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
        assertThat(o.clients()).containsExactly(1, 64);
        assertThat(o.maxClients()).isEqualTo(64);
        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.node()).isEqualTo(Path.of("node"));
        assertThat(o.chp().toString()).endsWith("node_modules/configurable-http-proxy/bin/configurable-http-proxy");
        assertThat(o.out()).isNull();
        assertThat(o.keepDir()).isFalse();
    }

    @Test
    void everyFlagIsRead() {
        BenchOptions o = BenchOptions.parse(List.of("--prewarm", "0s", "--warmup", "500ms", "--measure", "1m", "--clients", "2, 8,",
                "--rounds", "3", "--request-timeout", "2s", "--node", "/opt/node/bin/node", "--chp", "/opt/chp/bin/chp",
                "--out", "report.md", "--keep-dir"));

        assertThat(o.prewarm()).isZero();
        assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.measure()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.clients()).containsExactly(2, 8);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.node()).isEqualTo(Path.of("/opt/node/bin/node"));
        assertThat(o.chp()).isEqualTo(Path.of("/opt/chp/bin/chp"));
        assertThat(o.out()).isEqualTo(Path.of("report.md"));
        assertThat(o.keepDir()).isTrue();
    }

    @Test
    void aLaterFlagWinsSoRunShCanPassNodeFirst() {
        assertThat(BenchOptions.parse(List.of("--node", "/usr/bin/node", "--node", "/opt/node")).node()).isEqualTo(Path.of("/opt/node"));
    }

    @Test
    void aZeroWarmupIsAllowedButAZeroMeasureIsNot() {
        assertThat(BenchOptions.parse(List.of("--warmup", "0s")).warmup()).isZero();
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--measure", "0s"))).hasMessageContaining("--measure");
    }

    @Test
    void badValuesAreRefusedWithTheFlagInTheMessage() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--warmup", "5"))).hasMessageContaining("--warmup")
                .hasMessageContaining("500ms");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", "0"))).hasMessageContaining("--clients");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", "513"))).hasMessageContaining("between 1 and 512");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", ","))).hasMessageContaining("at least one level");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--clients", "a"))).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--rounds", "11"))).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--measure", "6m"))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--measure"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast", "1"))).hasMessageContaining("unknown flag '--fast'");
    }

    @Test
    void loadTimeCountsThePrewarmAndThreePathsAtEveryLevelAndRound() {
        BenchOptions o = BenchOptions.parse(List.of("--prewarm", "20s", "--warmup", "5s", "--measure", "10s",
                "--clients", "1,64", "--rounds", "2"));

        assertThat(o.loadTime()).isEqualTo(Duration.ofSeconds(3 * 20 + 15 * 3 * 2 * 2));
    }

    @Test
    void theUsageNamesEveryFlag() {
        assertThat(BenchOptions.usage()).contains("--prewarm", "--warmup", "--measure", "--clients", "--rounds", "--request-timeout",
                "--node", "--chp", "--out", "--keep-dir", "node_modules/configurable-http-proxy/bin/configurable-http-proxy");
    }
}
