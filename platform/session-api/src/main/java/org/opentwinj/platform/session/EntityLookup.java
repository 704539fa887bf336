package org.opentwinj.platform.session;

import java.util.Optional;

/**
 * How {@link ParamCheck} learns whether a parameter of type {@link ParamType#ENTITY} names an
 * entity of the model, and of which type.
 */
@FunctionalInterface
public interface EntityLookup {
    /**
     * Called once for each ENTITY value being checked, with the id the value names (never null).
     * Must not throw for an unknown id.
     *
     * @return the entity's type, or empty when the model holds no such entity
     */
    Optional<String> typeOf(String id);

    /** A lookup for a model that holds no entities (every ENTITY value is refused). */
    static EntityLookup none() {
        return id -> Optional.empty();
    }
}
