package org.opentwinj.bench.support;

import java.util.List;

/**
 * The order in which the targets of a comparison run at each level. Drift during a run (the JIT
 * still compiling, the machine warming up, another tenant waking up) would favour whichever
 * target always ran first or last, so the order reverses from level to level and from round to
 * round: with two rounds each level runs once in each order. With two targets they alternate
 * which goes first; with three (direct, relay, proxy) the outer two swap places every time and
 * the middle one stays.
 */
public final class Schedule {
    private Schedule() {}

    /** The targets in the order they run at level {@code levelIndex} of round {@code round} (both from 0). */
    public static <T> List<T> order(int round, int levelIndex, List<T> targets) {
        return (round + levelIndex) % 2 == 0
                ? List.copyOf(targets)
                : List.copyOf(targets).reversed();
    }
}
