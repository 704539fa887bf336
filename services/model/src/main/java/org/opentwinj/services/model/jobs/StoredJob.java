package org.opentwinj.services.model.jobs;

import org.opentwinj.platform.session.JobView;

/**
 * A job as the board keeps it: what clients see, and who asked to cancel it (the job runs on
 * until its service reports it ended).
 *
 * @param view              the job as clients see it
 * @param cancelRequestedBy who asked to cancel it, or null
 */
public record StoredJob(JobView view, String cancelRequestedBy) {}
