package org.opentwinj.bench.relay;

/**
 * One point as it ran: which round, where the path ran in that level's order, and its result.
 * Kept per round so the report can show drift between rounds.
 *
 * @param round    from 1
 * @param position 1 if the path ran first at this level in this round, 2 second, 3 third
 * @param result   what it measured
 */
record Measurement(int round, int position, PointResult result) {}
