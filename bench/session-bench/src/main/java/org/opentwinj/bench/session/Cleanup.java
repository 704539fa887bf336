package org.opentwinj.bench.session;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Things to stop, closed last-in-first-out exactly once: from the {@code finally} of a run
 * and from the shutdown hook (Ctrl-C, SIGTERM), whichever comes first, so that no platform
 * process, session service or direct start outlives the harness.
 */
final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> steps = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T add(T step) {
        steps.push(step);
        return step;
    }

    /** Runs and forgets the steps added since {@code step} was added, {@code step} included (a variant's platform). */
    synchronized void closeDownTo(AutoCloseable step) {
        while (!steps.isEmpty()) {
            AutoCloseable next = steps.pop();
            run(next);
            if (next == step) {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        while (!steps.isEmpty()) {
            run(steps.pop());
        }
    }

    private static void run(AutoCloseable step) {
        try {
            step.close();
        } catch (Exception e) {
            // Keep going: the remaining processes must be stopped all the same.
            System.err.println("session-bench: cleanup step failed: " + e);
        }
    }
}
