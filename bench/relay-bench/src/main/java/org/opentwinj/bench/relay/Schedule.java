package org.opentwinj.bench.relay;

import java.util.List;

/**
 * The order in which the paths run. Drift during a run (the JIT still compiling, the machine
 * warming up, another tenant waking up) would favour whichever path always ran last, so the
 * order reverses from level to level and from round to round: with two rounds each level runs
 * once as direct, relay, CHP and once as CHP, relay, direct. The two proxies, the pair the
 * benchmark compares, swap places every time; the relay stays in the middle.
 */
final class Schedule {
    /** Direct, the OpenTwin/J relay and configurable-http-proxy. */
    static final int PATHS = 3;

    private Schedule() {}

    /** The paths in the order they run at level {@code levelIndex} of round {@code round} (both from 0). */
    static <T> List<T> order(int round, int levelIndex, List<T> paths) {
        return (round + levelIndex) % 2 == 0 ? List.copyOf(paths) : List.copyOf(paths).reversed();
    }
}
