package org.opentwinj.bench.relay;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Things to stop, closed last-in-first-out exactly once: from the {@code finally} of a run
 * and from the shutdown hook (Ctrl-C, SIGTERM), whichever comes first, so no service,
 * configurable-http-proxy or in-process server outlives the harness.
 */
final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> steps = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T add(T step) {
        steps.push(step);
        return step;
    }

    @Override
    public synchronized void close() {
        while (!steps.isEmpty()) {
            AutoCloseable step = steps.pop();
            try {
                step.close();
            } catch (Exception e) {
                // Keep going: the remaining processes must be stopped all the same.
                System.err.println("relay-bench: cleanup step failed: " + e);
            }
        }
    }
}
