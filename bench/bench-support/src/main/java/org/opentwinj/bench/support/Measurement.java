package org.opentwinj.bench.support;

/**
 * One point as it ran: which round, where the target ran in that level's order, and its result.
 * Kept per round so a report can show drift between rounds.
 *
 * @param round    from 1
 * @param position 1 if the target ran first at this level in this round, 2 second, ...
 * @param result   what it measured
 * @param <R>      the harness's result
 */
public record Measurement<R extends LoadPoint>(int round, int position, R result) {}
