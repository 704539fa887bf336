package org.opentwinj.bench.session;

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

        assertThat(o.cold()).isEqualTo(3);
        assertThat(o.warmup()).isEqualTo(2);
        assertThat(o.samples()).isEqualTo(30);
        assertThat(o.variants()).containsExactly(Variant.NONE, Variant.APPCDS);
        assertThat(o.levels()).containsExactly(1, 2, 4);
        assertThat(o.levelWarmup()).isEqualTo(1);
        assertThat(o.levelSamples()).isEqualTo(6);
        assertThat(o.saturation()).isEqualTo(Variant.APPCDS);
        assertThat(o.capacity()).isEqualTo(64);
        assertThat(o.spawnLimit()).isEqualTo(64);
        assertThat(o.openTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(o.portRange()).isEqualTo("23000-23999");
        assertThat(o.distribution()).isEqualTo(Path.of("clients/cli/target"));
        assertThat(o.out()).isNull();
        assertThat(o.keepDir()).isFalse();
        assertThat(o.maxLevel()).isEqualTo(4);
    }

    @Test
    void everyFlagIsRead() {
        BenchOptions o = BenchOptions.parse(List.of(
                "--cold",
                "1",
                "--warmup",
                "0",
                "--samples",
                "5",
                "--variants",
                "aot, wrapper,none",
                "--levels",
                "1,3,",
                "--level-warmup",
                "0",
                "--level-samples",
                "12",
                "--saturation",
                "wrapper",
                "--capacity",
                "10",
                "--spawn-limit",
                "4",
                "--open-timeout",
                "90s",
                "--port-range",
                "30000-30500",
                "--distribution",
                "/opt/ot",
                "--out",
                "report.md",
                "--keep-dir"));

        assertThat(o.cold()).isEqualTo(1);
        assertThat(o.warmup()).isZero();
        assertThat(o.samples()).isEqualTo(5);
        assertThat(o.variants()).containsExactly(Variant.AOT, Variant.WRAPPER, Variant.NONE);
        assertThat(o.levels()).containsExactly(1, 3);
        assertThat(o.levelWarmup()).isZero();
        assertThat(o.levelSamples()).isEqualTo(12);
        assertThat(o.saturation()).isEqualTo(Variant.WRAPPER);
        assertThat(o.capacity()).isEqualTo(10);
        assertThat(o.spawnLimit()).isEqualTo(4);
        assertThat(o.openTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.portRange()).isEqualTo("30000-30500");
        assertThat(o.distribution()).isEqualTo(Path.of("/opt/ot"));
        assertThat(o.out()).isEqualTo(Path.of("report.md"));
        assertThat(o.keepDir()).isTrue();
    }

    @Test
    void saturationCanBeOffAndFollowsTheVariantsWhenNotGiven() {
        assertThat(BenchOptions.parse(List.of("--saturation", "off")).saturation())
                .isNull();
        assertThat(BenchOptions.parse(List.of("--saturation", "off")).maxLevel())
                .isZero();
        assertThat(BenchOptions.parse(List.of("--variants", "none,aot")).saturation())
                .as("the default appcds is not run")
                .isEqualTo(Variant.AOT);
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--variants", "none", "--saturation", "appcds")))
                .hasMessageContaining("not among --variants");
    }

    @Test
    void badValuesAreRefusedWithTheFlagInTheMessage() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--samples", "0"))).hasMessageContaining("--samples");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--cold", "x"))).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--variants", "fast")))
                .hasMessageContaining("none, appcds, aot, wrapper");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--variants", "none,none")))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--levels", "0"))).hasMessageContaining("--levels");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--levels", "16", "--capacity", "8")))
                .hasMessageContaining("--capacity");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--level-samples", "0")))
                .hasMessageContaining("--level-samples");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--open-timeout", "11m")))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--level-warmup", "11")))
                .hasMessageContaining("--level-warmup");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--open-timeout", "5")))
                .hasMessageContaining("500ms");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--port-range", "20000-20010")))
                .hasMessageContaining("--port-range");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--port-range", "80-1000")))
                .hasMessageContaining("--port-range");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--samples"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast", "1")))
                .hasMessageContaining("unknown flag '--fast'");
    }

    @Test
    void theUsageNamesEveryFlag() {
        for (String flag : List.of(
                "--variants",
                "--cold",
                "--warmup",
                "--samples",
                "--saturation",
                "--levels",
                "--level-warmup",
                "--level-samples",
                "--capacity",
                "--spawn-limit",
                "--open-timeout",
                "--port-range",
                "--distribution",
                "--out",
                "--keep-dir")) {
            assertThat(BenchOptions.usage()).contains(flag);
        }
    }
}
