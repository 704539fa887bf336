package org.opentwinj.services.model.version;

import java.time.Instant;
import java.util.List;

/**
 * The project's current version and what undo can come back to.
 *
 * @param version     the current version (0: an empty model)
 * @param redo        versions undone, the next to redo last
 * @param nextVersion the number the next save gets
 * @param pending     a save under way, or null
 */
public record Head(long version, List<Long> redo, long nextVersion, Pending pending) {
    public Head {
        redo = List.copyOf(redo);
    }

    /**
     * A save that has reserved its version number and not finished yet.
     *
     * @param saveId  the save
     * @param version the number it reserved
     * @param since   when it started
     */
    public record Pending(String saveId, long version, Instant since) {}
}
