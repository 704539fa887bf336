package org.opentwinj.platform.compute;

/**
 * What a running command tells about itself, and how it learns that it was cancelled.
 * Cancelling is cooperative: a handler calls {@link #checkCancelled()} between steps (its
 * worker thread is also interrupted, so blocking calls end early).
 */
public interface Progress {
    /**
     * How far the command is.
     *
     * @param fraction done so far, 0 to 1 (values out of range are clamped; it never goes back)
     * @param message  what it is doing now, for progress bars; null keeps the last one
     */
    void report(double fraction, String message);

    /** Whether a user asked to cancel it. */
    boolean isCancelled();

    /**
     * Throws once a user asked to cancel: call it between steps.
     *
     * @throws JobCancelledException when cancelled; a handler that keeps partial results
     *     catches it and returns them
     */
    default void checkCancelled() {
        if (isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new JobCancelledException();
        }
    }

    /** Progress that goes nowhere and is never cancelled (immediate commands and {@code Command.Compute}). */
    Progress NONE = new Progress() {
        @Override
        public void report(double fraction, String message) {}

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
