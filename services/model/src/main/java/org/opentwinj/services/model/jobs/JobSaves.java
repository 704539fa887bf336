package org.opentwinj.services.model.jobs;

import java.util.Locale;
import java.util.function.Supplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.services.model.access.ProjectAccess;
import org.opentwinj.services.model.access.Rights;

/**
 * Decides who saves a job's results ({@code Model.Save} with {@code job}). A job may run longer
 * than the token of the user who started it lives, so its service does not save with that
 * token: it saves with its own certificate and names the job. The job board vouches for the
 * rest: the job must be on it, belong to the calling service of THIS session and be running
 * (a job saves once, before it reports its end); then the job's user is the version's author
 * and that user's rights on the project apply, as if the user had saved.
 */
public final class JobSaves {
    private final Supplier<JobBoard> board;
    private final ProjectAccess access;
    private final String sessionId;

    /**
     * @param board     the session's job board
     * @param access    the project rights check
     * @param sessionId the session whose services save for their jobs (null: none may)
     */
    public JobSaves(Supplier<JobBoard> board, ProjectAccess access, String sessionId) {
        this.board = board;
        this.access = access;
        this.sessionId = sessionId;
    }

    /**
     * @return the author of the save: the job's user
     * @throws PublicException 403 for a caller that is not a service of this session, a job the
     *     board does not know or that belongs to another service, a user without write access;
     *     409 for a job that is not running (queued, or ended)
     */
    public String author(CallContext call, String project, String jobId) {
        String cn = JobActions.commonName(call);
        if (call.caller().user() != null) {
            throw PublicException.forbidden("a job's results are saved by the job's own service with its certificate,"
                    + " not by a user: leave out 'job' to save as yourself");
        }
        String suffix = "." + sessionId;
        if (sessionId == null || cn == null || !cn.endsWith(suffix)) {
            throw PublicException.forbidden("only a service of this session saves its jobs' results here; "
                    + (cn == null ? "the caller" : cn) + " is not one");
        }
        String service = cn.substring(0, cn.length() - suffix.length());
        JobView job;
        try {
            job = board.get().get(jobId).view();
        } catch (PublicException e) {
            if (e.status() != 404) {
                throw e;
            }
            throw PublicException.forbidden("no job '" + jobId + "' on this session's job board: a service saves"
                    + " on behalf of a job it reported");
        }
        if (!job.service().equals(service)) {
            throw PublicException.forbidden(
                    "job " + jobId + " belongs to service " + job.service() + ", not " + service);
        }
        if (job.state() != JobState.RUNNING) {
            throw PublicException.conflict("job " + jobId + " is "
                    + job.state().name().toLowerCase(Locale.ROOT) + ": only a running job saves its results");
        }
        try {
            return access.requireUser(project, job.user(), Rights.WRITE);
        } catch (PublicException e) {
            if (e.status() != 403) {
                throw e;
            }
            throw PublicException.forbidden("job " + jobId + " was started by " + job.user()
                    + ", who may not change this project (any more): its results are not saved");
        }
    }
}
