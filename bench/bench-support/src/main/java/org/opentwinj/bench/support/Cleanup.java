package org.opentwinj.bench.support;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Things to stop, closed last-in-first-out exactly once: from the {@code finally} of a run
 * and from the shutdown hook (Ctrl-C, SIGTERM), whichever comes first, so that no process the
 * harness started outlives it.
 */
public final class Cleanup implements AutoCloseable {
    private final String harness;
    private final Deque<AutoCloseable> steps = new ArrayDeque<>();

    /** @param harness the harness's name (e.g. {@code transport-bench}), the prefix of its messages */
    public Cleanup(String harness) {
        this.harness = harness;
    }

    /** Adds a step, to run before every step added earlier; returns it, for chaining. */
    public synchronized <T extends AutoCloseable> T add(T step) {
        steps.push(step);
        return step;
    }

    /**
     * Runs and forgets the steps added since {@code step} was added, {@code step} included (for
     * a part of the run that ends before the run does, such as one variant's platform).
     */
    public synchronized void closeDownTo(AutoCloseable step) {
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

    private void run(AutoCloseable step) {
        try {
            step.close();
        } catch (Exception e) {
            // Keep going: the remaining processes must be stopped all the same.
            System.err.println(harness + ": cleanup step failed: " + e);
        }
    }
}
