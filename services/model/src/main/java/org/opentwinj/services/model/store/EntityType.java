package org.opentwinj.services.model.store;

import java.util.Arrays;
import java.util.Locale;
import org.opentwinj.platform.error.PublicException;

/** What an entity is; the web UI and the compute services act on the type. */
public enum EntityType {
    FOLDER,
    GEOMETRY,
    MESH,
    MATERIAL,
    SOLVER_SETTINGS,
    RESULT,
    PLOT;

    /** The name on the wire: {@code solver-settings}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws PublicException 400 naming the valid types */
    public static EntityType parse(String label) {
        for (EntityType type : values()) {
            if (type.label().equals(label)) {
                return type;
            }
        }
        throw new PublicException("unknown entity type '" + label + "'; valid: "
                + String.join(
                        ", ", Arrays.stream(values()).map(EntityType::label).toList()));
    }
}
