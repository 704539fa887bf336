package org.opentwinj.bench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void flagsOverrideTheDefaults() {
        assertThat(BenchOptions.parse(List.of())).isEqualTo(BenchOptions.DEFAULTS);
        assertThat(BenchOptions.parse(List.of("--entities", "500", "--versions", "20", "--full-every", "5")))
                .isEqualTo(new BenchOptions(500, 20, 10, 100, 5, 7));
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--entities")))
                .hasMessage("--entities needs a value (see --help)");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--nope", "1")))
                .hasMessageStartingWith("unknown flag '--nope'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--changes", "99999")))
                .hasMessageContaining("changes <= entities");
    }

    @Test
    void theWorkloadIsTheSameForBothConfigurations() {
        BenchOptions options = new BenchOptions(300, 10, 4, 5, 3, 1);
        assertThat(ModelBenchmark.firstVersion(options).puts()).hasSize(300);
        assertThat(ModelBenchmark.change(3, options, new Random(1)).puts())
                .isEqualTo(ModelBenchmark.change(3, options, new Random(1)).puts())
                .hasSize(4);
    }
}
