package org.opentwinj.platform.compute.job;

import java.time.Duration;

/** Runs a task later; {@link ThrottledReports} waits through it, so tests can run time by hand. */
@FunctionalInterface
public interface Delays {
    /** Runs {@code task} once, after {@code delay}, on some other thread. */
    void after(Duration delay, Runnable task);
}
