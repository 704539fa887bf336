package org.opentwinj.bench.model;

import java.util.List;
import org.opentwinj.bench.support.Flags;

/**
 * What one run does.
 *
 * @param entities   entities in the model after the first version
 * @param versions   versions saved in all (the first creates every entity)
 * @param changes    entities each later version changes
 * @param loads      loads of a random version, each by a model that has nothing cached
 * @param fullEvery  the delta configuration's full-state interval (the peer stores every version in full)
 * @param seed       the random seed (the same choices for both configurations)
 */
record BenchOptions(int entities, int versions, int changes, int loads, int fullEvery, long seed) {
    static final BenchOptions DEFAULTS = new BenchOptions(10_000, 1_000, 10, 100, 20, 7);

    BenchOptions {
        if (entities < 1 || versions < 2 || changes < 1 || changes > entities || loads < 1 || fullEvery < 2) {
            throw new IllegalArgumentException(
                    "need entities >= 1, versions >= 2, 1 <= changes <= entities, loads >= 1, full-every >= 2");
        }
    }

    /** Parses {@code --entities N --versions N --changes N --loads N --full-every N --seed N}. */
    static BenchOptions parse(List<String> args) {
        int entities = DEFAULTS.entities,
                versions = DEFAULTS.versions,
                changes = DEFAULTS.changes,
                loads = DEFAULTS.loads;
        int fullEvery = DEFAULTS.fullEvery;
        long seed = DEFAULTS.seed;
        Flags flags = new Flags(args);
        while (flags.hasNext()) {
            switch (flags.next()) {
                case "--entities" -> entities = flags.integer();
                case "--versions" -> versions = flags.integer();
                case "--changes" -> changes = flags.integer();
                case "--loads" -> loads = flags.integer();
                case "--full-every" -> fullEvery = flags.integer();
                case "--seed" -> seed = flags.longInteger();
                default -> throw flags.unknown();
            }
        }
        return new BenchOptions(entities, versions, changes, loads, fullEvery, seed);
    }
}
