package org.opentwinj.services.model;

import java.time.Duration;

/**
 * How the model stores versions, read once at start.
 *
 * @param inlineLimit payloads up to this size stay in the entity document; larger ones go to GridFS
 * @param fullEvery   every this many versions along a line is stored in full; the others as deltas
 * @param saveLease   how long a save may hold the head before another writer may take over
 * @param cached      resolved versions kept in memory
 */
public record ModelOptions(int inlineLimit, int fullEvery, Duration saveLease, int cached) {
    public static final ModelOptions DEFAULTS = new ModelOptions(4 * 1024 * 1024, 20, Duration.ofMinutes(2), 16);

    public ModelOptions {
        if (inlineLimit < 0 || fullEvery < 1 || cached < 1) {
            throw new IllegalArgumentException("inlineLimit >= 0, fullEvery >= 1 and cached >= 1 are needed");
        }
    }
}
