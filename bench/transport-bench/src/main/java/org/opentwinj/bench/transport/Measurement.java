package org.opentwinj.bench.transport;

/**
 * One point as it ran: which round, whether the target ran first or second at its level,
 * and its result. Kept per round so the report can show drift between rounds.
 *
 * @param round    from 1
 * @param position 1 if the target ran first at this level in this round, 2 if second
 * @param result   what it measured
 */
record Measurement(int round, int position, PointResult result) {}
