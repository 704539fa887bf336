package org.opentwinj.bench.transport;

import java.util.List;

/**
 * The order in which targets run. Drift during a run (the JIT still compiling, the machine
 * warming up, another tenant waking up) would favour whichever target always ran second, so
 * the first target alternates from level to level and from round to round: with two rounds
 * each level runs once in each order.
 */
final class Schedule {
    private Schedule() {}

    /** The two targets in the order they run at level {@code levelIndex} of round {@code round} (both from 0). */
    static <T> List<T> order(int round, int levelIndex, T ours, T peer) {
        return (round + levelIndex) % 2 == 0 ? List.of(ours, peer) : List.of(peer, ours);
    }
}
