package org.opentwinj.bench.model;

import java.util.List;

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
            throw new IllegalArgumentException("need entities >= 1, versions >= 2, 1 <= changes <= entities, loads >= 1, full-every >= 2");
        }
    }

    /** Parses {@code --entities N --versions N --changes N --loads N --full-every N --seed N}. */
    static BenchOptions parse(List<String> args) {
        BenchOptions options = DEFAULTS;
        for (int i = 0; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(args.get(i) + " needs a value");
            }
            long value;
            try {
                value = Long.parseLong(args.get(i + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args.get(i) + " needs a whole number, not " + args.get(i + 1));
            }
            int n = (int) value;
            options = switch (args.get(i)) {
                case "--entities" -> new BenchOptions(n, options.versions, options.changes, options.loads, options.fullEvery, options.seed);
                case "--versions" -> new BenchOptions(options.entities, n, options.changes, options.loads, options.fullEvery, options.seed);
                case "--changes" -> new BenchOptions(options.entities, options.versions, n, options.loads, options.fullEvery, options.seed);
                case "--loads" -> new BenchOptions(options.entities, options.versions, options.changes, n, options.fullEvery, options.seed);
                case "--full-every" -> new BenchOptions(options.entities, options.versions, options.changes, options.loads, n, options.seed);
                case "--seed" -> new BenchOptions(options.entities, options.versions, options.changes, options.loads, options.fullEvery, value);
                default -> throw new IllegalArgumentException("unknown flag " + args.get(i) + "; see --help");
            };
        }
        return options;
    }
}
