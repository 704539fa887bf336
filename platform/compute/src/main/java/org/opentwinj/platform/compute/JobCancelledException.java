package org.opentwinj.platform.compute;

/** Thrown by {@link Progress#checkCancelled()} when a user cancelled the job. */
public final class JobCancelledException extends RuntimeException {
    public JobCancelledException() {
        super("cancelled", null, false, false);
    }
}
