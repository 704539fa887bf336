package org.opentwinj.services.model.jobs;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.JobListRequest;
import org.opentwinj.platform.session.JobRequest;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.session.ServiceExitedRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.model.access.Rights;
import org.opentwinj.services.model.peers.SessionServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job board's actions: {@code Job.Report} from the session's own services,
 * {@code Job.List}/{@code Job.Get} (read rights), {@code Job.Cancel} (write rights, passed on to
 * the job's service) and {@code Job.ServiceExited} from the LSS.
 */
public final class JobActions {
    private static final Logger LOG = LoggerFactory.getLogger(JobActions.class);
    /** The service name of the Model's own jobs (parametric updates). */
    public static final String MODEL_SERVICE = "model";

    /** Checks the caller's rights on the session's project; returns who the caller is. */
    @FunctionalInterface
    public interface RightsCheck {
        String require(CallContext call, Rights needed);
    }

    private final Supplier<JobBoard> board;
    private final RightsCheck rights;
    private final String sessionId;
    private final SessionServices services;
    private final ServiceClient client;
    private final Predicate<String> cancelOwnJob;

    /**
     * @param board        the session's job board (refuses until the session runs)
     * @param rights       the project rights check
     * @param sessionId    the session whose services may report jobs (null: none may)
     * @param services     where the session's services are
     * @param client       an mTLS client with the Model's certificate, to pass cancels on
     * @param cancelOwnJob cancels one of the Model's own jobs by id; false when none such runs here
     */
    public JobActions(
            Supplier<JobBoard> board,
            RightsCheck rights,
            String sessionId,
            SessionServices services,
            ServiceClient client,
            Predicate<String> cancelOwnJob) {
        this.board = board;
        this.rights = rights;
        this.sessionId = sessionId;
        this.services = services;
        this.client = client;
        this.cancelOwnJob = cancelOwnJob;
    }

    public void register(ActionRegistry actions) {
        actions.register(ActionSpec.internal(ActionNames.JOB_REPORT, JobView.class, (job, call) -> {
                    String reporter = sessionService(call);
                    if (!reporter.equals(job.service())) {
                        throw PublicException.forbidden(
                                "service " + reporter + " may report only its own jobs, not " + job.service() + "'s");
                    }
                    return board.get().report(job);
                }))
                .register(ActionSpec.internal(ActionNames.JOB_LIST, JobListRequest.class, (r, call) -> {
                            rights.require(call, Rights.READ);
                            return Map.of("jobs", board.get().list(Boolean.TRUE.equals(r.all()), r.service()));
                        })
                        .asIdempotent())
                .register(ActionSpec.internal(ActionNames.JOB_GET, JobRequest.class, (r, call) -> {
                            rights.require(call, Rights.READ);
                            return board.get().get(r.job()).view();
                        })
                        .asIdempotent())
                .register(ActionSpec.internal(ActionNames.JOB_CANCEL, JobRequest.class, (r, call) -> {
                    String user = rights.require(call, Rights.WRITE);
                    return cancel(r.job(), user);
                }))
                .register(ActionSpec.internal(ActionNames.JOB_SERVICE_EXITED, ServiceExitedRequest.class, (r, call) -> {
                    platformService(call);
                    if (r.service() == null || r.reason() == null) {
                        throw new PublicException("Job.ServiceExited needs the service and the reason");
                    }
                    return Map.of("failed", board.get().serviceExited(r.service(), r.reason()));
                }));
    }

    /**
     * Marks the job cancel-requested and passes the cancel on to its service, which reports it
     * CANCELLED when it stops. A job whose service is not running, or does not know the job,
     * is cancelled at once.
     */
    JobView cancel(String id, String user) {
        JobBoard jobs = board.get();
        StoredJob job = jobs.requestCancel(id, user);
        String service = job.view().service();
        if (MODEL_SERVICE.equals(service)) {
            if (!cancelOwnJob.test(id)) {
                return jobs.end(
                        id, JobState.CANCELLED, "cancelled by " + user + " (it was not running any more)", null);
            }
            return jobs.get(id).view();
        }
        Optional<URI> url = services.running(service);
        if (url.isEmpty()) {
            return jobs.end(
                    id,
                    JobState.CANCELLED,
                    "cancelled by " + user + " (its service " + service + " is not running)",
                    null);
        }
        try {
            client.call(url.get(), ActionNames.JOB_CANCEL, new JobRequest(id));
        } catch (PeerCallException e) {
            if (e.isUnreachable() || e.httpStatus() == 404) {
                LOG.info("service {} cannot cancel job {} ({}): cancelled at once", service, id, e.reason());
                return jobs.end(
                        id,
                        JobState.CANCELLED,
                        "cancelled by " + user + " (its service " + service + " no longer had it)",
                        null);
            }
            throw new PublicException(502, "service " + service + " did not take the cancel: " + e.reason());
        }
        return jobs.get(id).view();
    }

    /** The name within the session of the calling service; 403 for users and other sessions' services. */
    private String sessionService(CallContext call) {
        String cn = commonName(call);
        String suffix = "." + sessionId;
        if (sessionId == null || cn == null || call.caller().user() != null || !cn.endsWith(suffix)) {
            throw PublicException.forbidden("only the session's own services report jobs");
        }
        return cn.substring(0, cn.length() - suffix.length());
    }

    /** Job.ServiceExited comes from a platform service (the LSS), never a user or a session's service. */
    private static void platformService(CallContext call) {
        String cn = commonName(call);
        if (cn == null || call.caller().user() != null || cn.contains(".")) {
            throw PublicException.forbidden("only the LSS reports that a service exited");
        }
    }

    /** The certificate's common name of the caller, or null. */
    static String commonName(CallContext call) {
        String peer = call.caller().peer();
        if (peer == null || !peer.contains("CN=")) {
            return null;
        }
        return peer.replaceAll(".*CN=([^,]+).*", "$1");
    }
}
