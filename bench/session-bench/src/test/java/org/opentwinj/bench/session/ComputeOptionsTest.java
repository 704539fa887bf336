package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeOptionsTest {
    @Test
    void theEcho3ScenarioStaysTheDefault() {
        BenchOptions o = BenchOptions.parse(List.of());

        assertThat(o.scenario()).isEqualTo(Scenario.ECHO3);
        assertThat(o.poolSize()).isEqualTo(2);
        assertThat(o.variants()).containsExactly(Variant.NONE, Variant.APPCDS);
    }

    @Test
    void theComputeScenarioDefaultsToTheAotCacheWithoutAndWithThePoolAndSaturatesThePool() {
        BenchOptions o = BenchOptions.parse(List.of("--scenario", "Compute"));

        assertThat(o.scenario()).isEqualTo(Scenario.COMPUTE);
        assertThat(o.variants()).containsExactly(Variant.AOT, Variant.AOT_POOL);
        assertThat(o.saturation()).isEqualTo(Variant.AOT_POOL);
    }

    @Test
    void givenVariantsAndPoolSizeWinAndTheLastVariantSaturates() {
        BenchOptions o =
                BenchOptions.parse(List.of("--scenario", "compute", "--variants", "none,pool", "--pool-size", "3"));

        assertThat(o.variants()).containsExactly(Variant.NONE, Variant.POOL);
        assertThat(o.poolSize()).isEqualTo(3);
        assertThat(o.saturation()).isEqualTo(Variant.POOL);
    }

    @Test
    void badScenarioPoolSizeAndVariantsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--scenario", "model")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scenario 'model'; valid: echo3, compute");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--pool-size", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--pool-size");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--scenario", "compute", "--variants", "appcds")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none, pool, aot and aot-pool only");
    }

    @Test
    void onlyThePoolVariantsUseThePool() {
        assertThat(Variant.POOL.usesPool()).isTrue();
        assertThat(Variant.AOT_POOL.usesPool()).isTrue();
        assertThat(Variant.NONE.usesPool()).isFalse();
        assertThat(Variant.AOT.usesPool()).isFalse();
    }
}
