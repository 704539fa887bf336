package org.opentwinj.services.model.rerun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;

class DependencyOrderTest {
    private static final Function<String, String> NAMES = id -> id.toUpperCase();

    @Test
    void theEditedEntityComesFirstThenEachDerivedOneAfterAllItsInputs() {
        // box -> scaled -> twice; box + scaled -> joined; other is not made from box.
        Map<String, List<String>> inputs = Map.of(
                "scaled", List.of("box"),
                "twice", List.of("scaled"),
                "joined", List.of("scaled", "box"),
                "other", List.of("sphere"));
        assertThat(DependencyOrder.of(inputs, "box", NAMES))
                .containsExactly("box", "scaled", "joined", "twice")
                .doesNotContain("other");
    }

    @Test
    void anEntityWaitsForItsLastRebuiltInput() {
        // a -> b -> c and a -> c: c after b although a reaches it directly.
        Map<String, List<String>> inputs = Map.of("b", List.of("a"), "c", List.of("a", "b"));
        assertThat(DependencyOrder.of(inputs, "a", NAMES)).containsExactly("a", "b", "c");
    }

    @Test
    void anEntityNothingWasMadeFromIsRebuiltAlone() {
        assertThat(DependencyOrder.of(Map.of(), "box", NAMES)).containsExactly("box");
        assertThat(DependencyOrder.of(Map.of("box", List.of("sphere")), "box", NAMES))
                .containsExactly("box");
    }

    @Test
    void aCycleIsRefusedNamingItsEntities() {
        Map<String, List<String>> inputs = Map.of("b", List.of("a"), "c", List.of("b"), "a", List.of("c"));
        assertThatThrownBy(() -> DependencyOrder.of(inputs, "a", NAMES))
                .isInstanceOf(PublicException.class)
                .hasMessageStartingWith("the entities form a cycle, so none can be brought up to date: ")
                .hasMessageContaining("'A' is made from 'C'")
                .hasMessageContaining("'C' from 'B'")
                .hasMessageContaining("'B' from 'A'");
    }

    @Test
    void aCycleDownstreamOfTheEditIsFoundToo() {
        Map<String, List<String>> inputs = Map.of("b", List.of("a", "c"), "c", List.of("b"));
        assertThatThrownBy(() -> DependencyOrder.of(inputs, "a", NAMES))
                .isInstanceOf(PublicException.class)
                .hasMessageContaining("'B' is made from 'C', 'C' from 'B'");
    }
}
