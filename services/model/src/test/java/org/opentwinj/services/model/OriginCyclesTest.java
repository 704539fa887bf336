package org.opentwinj.services.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentwinj.services.model.SessionFixture.ok;
import static org.opentwinj.services.model.SessionFixture.refused;
import static org.opentwinj.services.model.TypedPropertiesTest.box;
import static org.opentwinj.services.model.TypedPropertiesTest.derived;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save that would make an entity made from itself, directly or through others, is refused before anything is written. */
class OriginCyclesTest {
    @TempDir
    static Path exports;

    private final SessionFixture session = new SessionFixture(exports);

    @AfterEach
    void close() {
        session.close();
    }

    private String refusedSave(long expected, List<Map<String, Object>> puts) {
        return refused(session.asUser("carol", "Model.Save", "expectedVersion", expected, "put", puts), 400);
    }

    private long save(long expected, List<Map<String, Object>> puts) {
        return ok(session.asUser("carol", "Model.Save", "expectedVersion", expected, "put", puts))
                .path("version")
                .asLong();
    }

    /** An entity made from the given ones (untyped properties: any entity may be an input). */
    private static Map<String, Object> madeFrom(String id, String... inputs) {
        return Map.of(
                "id",
                id,
                "type",
                "mesh",
                "name",
                id.toUpperCase(Locale.ROOT),
                "origin",
                Map.of("service", SessionFixture.COMPUTE, "command", "Shape.Join", "inputs", List.of(inputs)));
    }

    @Test
    void anEntityMadeFromItselfIsRefused() {
        assertThat(refusedSave(0, List.of(box(5), derived("a", "A", "a", 2))))
                .isEqualTo("origin cycle: a -> a (an entity cannot be made from itself, directly or through others)");
        assertThat(session.model().head().version()).isZero();
    }

    @Test
    void twoEntitiesMadeFromEachOtherInOneSaveAreRefused() {
        save(0, List.of(box(5)));
        assertThat(refusedSave(1, List.of(derived("a", "A", "b", 2), derived("b", "B", "a", 2))))
                .startsWith("origin cycle: a -> b -> a ");
        assertThat(session.model().head().version()).isEqualTo(1);
        assertThat(session.model().entities(null)).hasSize(1);
    }

    @Test
    void aCycleClosedAgainstStoredEntitiesIsRefused() {
        save(0, List.of(box(5), derived("a", "A", "box", 2), derived("b", "B", "a", 2), derived("c", "C", "b", 2)));
        // The box, stored without inputs, is saved again as made from c: box -> c -> b -> a -> box.
        Map<String, Object> boxFromC = box(5);
        boxFromC.put(
                "origin", Map.of("service", SessionFixture.COMPUTE, "command", "Shape.Box", "inputs", List.of("c")));
        assertThat(refusedSave(1, List.of(boxFromC))).startsWith("origin cycle: box -> c -> b -> a -> box ");
        assertThat(session.model().head().version()).isEqualTo(1);
        assertThat(session.model().entity("box", null).origin().inputs()).isEmpty();
    }

    @Test
    void aLongChainAndEntitiesMadeFromTheSameInputsAreFine() {
        List<Map<String, Object>> chain = new ArrayList<>();
        chain.add(madeFrom("e0"));
        for (int i = 1; i < 500; i++) {
            chain.add(madeFrom("e" + i, "e" + (i - 1)));
        }
        assertThat(save(0, chain)).isEqualTo(1);
        // A diamond on top of the stored chain: two ways to e499, none back.
        long version = save(
                1,
                List.of(
                        madeFrom("left", "e499"),
                        madeFrom("right", "e499", "e0"),
                        madeFrom("top", "left", "right", "e499")));
        assertThat(version).isEqualTo(2);
        // The chain's start saved again, made from something outside the chain: still fine.
        assertThat(save(2, List.of(madeFrom("base"), madeFrom("e0", "base")))).isEqualTo(3);
        // Made from its own end, it closes the chain into a cycle of 502 entities.
        assertThat(refusedSave(3, List.of(madeFrom("e0", "top"))))
                .isEqualTo("origin cycle: e0 -> top -> left -> e499 -> e498 -> e497 -> e496 -> e495 -> ... (492 more)"
                        + " -> e2 -> e1 -> e0 (an entity cannot be made from itself, directly or through others)");
    }
}
