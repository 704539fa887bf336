package org.opentwinj.platform.compute;

import java.util.List;

/**
 * What a command made: saved together in one model version.
 *
 * @param entities the entities, the main one first
 */
public record Outputs(List<Output> entities) {
    public Outputs {
        entities = List.copyOf(entities);
    }

    public static Outputs of(Output... entities) {
        return new Outputs(List.of(entities));
    }

    public static Outputs none() {
        return new Outputs(List.of());
    }

    public boolean isEmpty() {
        return entities.isEmpty();
    }
}
