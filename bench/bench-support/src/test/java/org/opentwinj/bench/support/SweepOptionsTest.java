package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepOptionsTest {
    private static SweepOptions parse(String... args) {
        SweepOptions options = SweepOptions.DEFAULTS;
        Flags flags = new Flags(List.of(args));
        while (flags.hasNext()) {
            options = options.read(flags.next(), flags);
        }
        options.checkClients(1024);
        return options;
    }

    @Test
    void noFlagsGiveTheDocumentedDefaults() {
        SweepOptions o = parse();

        assertThat(o.prewarm()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.measure()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.clients()).containsExactly(1, 16, 64);
        assertThat(o.maxClients()).isEqualTo(64);
        assertThat(o.rounds()).isEqualTo(2);
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.out()).isNull();
        assertThat(o.keepDir()).isFalse();
        assertThat(o.withClients(List.of(1, 64)).clients()).containsExactly(1, 64);
    }

    @Test
    void everyFlagIsRead() {
        SweepOptions o = parse(
                "--prewarm",
                "0s",
                "--warmup",
                "500ms",
                "--measure",
                "1m",
                "--clients",
                "2, 8,",
                "--rounds",
                "3",
                "--request-timeout",
                "2s",
                "--out",
                "report.md",
                "--keep-dir");

        assertThat(o.prewarm()).isZero();
        assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.measure()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.clients()).containsExactly(2, 8);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.out()).isEqualTo(Path.of("report.md"));
        assertThat(o.keepDir()).isTrue();
    }

    @Test
    void aZeroWarmupIsAllowedButAZeroMeasureIsNot() {
        assertThat(parse("--warmup", "0s").warmup()).isZero();
        assertThatThrownBy(() -> parse("--measure", "0s")).hasMessageContaining("--measure");
    }

    @Test
    void badValuesAreRefusedWithTheFlagInTheMessage() {
        assertThatThrownBy(() -> parse("--warmup", "5"))
                .hasMessageContaining("--warmup")
                .hasMessageContaining("500ms");
        assertThatThrownBy(() -> parse("--clients", "0")).hasMessageContaining("--clients");
        assertThatThrownBy(() -> parse("--clients", "1025")).hasMessageContaining("between 1 and 1024");
        assertThatThrownBy(() -> parse("--clients", ",")).hasMessageContaining("at least one level");
        assertThatThrownBy(() -> parse("--clients", "a")).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> parse("--rounds", "11")).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> parse("--measure", "6m")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> parse("--measure")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("--fast", "1")).hasMessageContaining("unknown flag '--fast'");
    }

    @Test
    void loadTimeCountsThePrewarmAndEveryTargetAtEveryLevelAndRound() {
        SweepOptions o =
                parse("--prewarm", "5s", "--warmup", "1s", "--measure", "3s", "--clients", "1,16,64", "--rounds", "2");

        assertThat(o.loadTime(2)).isEqualTo(Duration.ofSeconds(2 * 5 + 4 * 2 * 3 * 2));
        assertThat(o.loadTime(3)).isEqualTo(Duration.ofSeconds(3 * 5 + 4 * 3 * 3 * 2));
    }
}
