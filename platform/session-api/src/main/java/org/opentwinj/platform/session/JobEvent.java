package org.opentwinj.platform.session;

/**
 * What the session's clients get through the relay whenever a job changes:
 * {@code {"event":"job","job":{...}}}.
 *
 * @param event always {@value #EVENT}
 * @param job   the job as it is now
 */
public record JobEvent(String event, JobView job) {
    public static final String EVENT = "job";

    public JobEvent(JobView job) {
        this(EVENT, job);
    }
}
