package org.opentwinj.platform.compute.job;

import org.opentwinj.platform.session.JobView;

/** Where a job's states go: the session's Model service ({@code Job.Report}), which keeps the job board. */
@FunctionalInterface
public interface JobSink {
    /**
     * Delivers one state of a job. Called from one thread at a time per job, in order.
     *
     * @throws RuntimeException when it was not delivered (the Model unreachable or refusing):
     *     {@link ThrottledReports} retries a job's final state until it is delivered
     */
    void report(JobView job);
}
