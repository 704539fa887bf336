package org.opentwinj.services.model.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.JobEvent;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's job board: every job of the session's services as they report it, kept in
 * the {@link JobStore}, each change pushed to the session's clients as a {@link JobEvent}.
 * A job's state only moves forward (QUEUED, RUNNING, then one ended state); a report that would
 * move it back, or that comes after it ended, is ignored. The newest {@value #KEEP} jobs are
 * kept (queued and running ones always).
 */
public final class JobBoard {
    private static final Logger LOG = LoggerFactory.getLogger(JobBoard.class);
    /** How many jobs the board keeps: ended ones past the newest this many are removed. */
    public static final int KEEP = 500;
    /** Ended jobs that {@code Job.List} shows without {@code all}. */
    static final Duration RECENT = Duration.ofHours(1);

    /** Why the Model's own jobs under way when it stopped have failed. */
    static final String ABANDONED = "the Model service restarted while the update ran; nothing was saved";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private final JobStore store;
    private final Consumer<Object> announce;
    private final Clock clock;

    /**
     * @param store    where jobs are kept
     * @param announce sends a message to the session's clients (best effort)
     * @param clock    the time of created, started and ended when a report lacks them
     */
    public JobBoard(JobStore store, Consumer<Object> announce, Clock clock) {
        this.store = store;
        this.announce = announce;
        this.clock = clock;
    }

    /**
     * The board of a Model service that starts: the Model's own jobs that were queued or
     * running (parametric updates of the Model before it restarted) fail, as nothing runs them
     * any more and they saved nothing.
     */
    public static JobBoard open(JobStore store, Consumer<Object> announce, Clock clock) {
        JobBoard board = new JobBoard(store, announce, clock);
        for (StoredJob job : store.newestFirst()) {
            JobView view = job.view();
            if (view.service().equals(JobActions.MODEL_SERVICE) && !view.state().isEnded()) {
                LOG.warn("the update {} ({}) was under way when the Model stopped: it failed", view.id(), view.title());
                board.end(view.id(), JobState.FAILED, ABANDONED, null);
            }
        }
        return board;
    }

    /**
     * A job's new state, as its service reports it ({@code Job.Report}).
     *
     * @return the job as the board keeps it now (unchanged when the report is ignored)
     * @throws PublicException 400 for an invalid report; 409 when the job belongs to another service
     */
    public synchronized JobView report(JobView reported) {
        validate(reported);
        Optional<StoredJob> known = store.find(reported.id());
        if (known.isEmpty()) {
            JobView first = stamped(reported, null);
            save(new StoredJob(first, null));
            prune();
            return first;
        }
        StoredJob current = known.get();
        if (!current.view().service().equals(reported.service())) {
            throw PublicException.conflict("job " + reported.id() + " belongs to service "
                    + current.view().service());
        }
        Optional<JobView> next = next(current, reported);
        if (next.isEmpty()) {
            LOG.info(
                    "ignored a report of job {} as {}: it is {}",
                    reported.id(),
                    reported.state(),
                    current.view().state());
            return current.view();
        }
        save(new StoredJob(next.get(), current.cancelRequestedBy()));
        return next.get();
    }

    /**
     * What a report makes of a known job: empty when it is ignored (the job ended, or the report
     * would move it back). The job keeps its service, command, user and created time; a cancel
     * reported without a reason gets the name of who asked for it.
     */
    Optional<JobView> next(StoredJob current, JobView reported) {
        JobState from = current.view().state();
        JobState to = reported.state();
        if (from.isEnded() || to.ordinal() < from.ordinal() && !to.isEnded()) {
            return Optional.empty();
        }
        String reason = reported.reason();
        if (to == JobState.CANCELLED && reason == null && current.cancelRequestedBy() != null) {
            reason = "cancelled by " + current.cancelRequestedBy();
        }
        JobView old = current.view();
        JobView merged = new JobView(
                old.id(),
                old.service(),
                old.command(),
                reported.title() == null ? old.title() : reported.title(),
                old.user(),
                to,
                reported.fraction(),
                reported.message(),
                reported.remainingMs(),
                reason,
                old.created(),
                old.started() != null ? old.started() : reported.started(),
                reported.ended(),
                reported.version(),
                reported.partial());
        return Optional.of(stamped(merged, old));
    }

    /** Fills the times a report left out: created at first sight, started when it runs, ended when it ends. */
    private JobView stamped(JobView view, JobView old) {
        Instant now = clock.instant();
        Instant created = view.created() != null ? view.created() : now;
        Instant started = view.started();
        if (started == null && view.state() != JobState.QUEUED) {
            started = view.state() == JobState.RUNNING || old == null ? now : old.started();
        }
        Instant ended = view.state().isEnded() ? (view.ended() != null ? view.ended() : now) : null;
        double fraction = view.state() == JobState.DONE ? 1.0 : view.fraction();
        return new JobView(
                view.id(),
                view.service(),
                view.command(),
                view.title(),
                view.user(),
                view.state(),
                fraction,
                view.message(),
                view.state().isEnded() ? null : view.remainingMs(),
                view.reason(),
                created,
                started,
                ended,
                view.version(),
                view.partial());
    }

    private static void validate(JobView job) {
        if (job.id() == null || !ID.matcher(job.id()).matches()) {
            throw new PublicException(
                    "job id '" + job.id() + "' must be 1 to 100 letters, digits, '.', ':', '-' or '_'");
        }
        if (job.service() == null || job.service().isBlank() || job.command() == null || job.title() == null) {
            throw new PublicException("job " + job.id() + " needs its service, command and title");
        }
        if (job.state() == null) {
            throw new PublicException("job " + job.id() + " needs its state");
        }
        if (!(job.fraction() >= 0 && job.fraction() <= 1)) {
            throw new PublicException("job " + job.id() + ": fraction must be from 0 to 1; got " + job.fraction());
        }
        if (job.remainingMs() != null && job.remainingMs() < 0) {
            throw new PublicException("job " + job.id() + ": remainingMs must not be negative");
        }
        if (job.state() == JobState.FAILED
                && (job.reason() == null || job.reason().isBlank())) {
            throw new PublicException("job " + job.id() + " failed: its report needs the reason");
        }
    }

    /** One job; 404 when the board does not know it. */
    public synchronized StoredJob get(String id) {
        return store.find(id).orElseThrow(() -> PublicException.notFound("no job '" + id + "' in this session"));
    }

    /**
     * The jobs, newest first: all, or only queued and running ones and those ended within the
     * last hour; only one service's when {@code service} is given.
     */
    public synchronized List<JobView> list(boolean all, String service) {
        Instant recent = clock.instant().minus(RECENT);
        return store.newestFirst().stream()
                .map(StoredJob::view)
                .filter(job -> service == null || service.equals(job.service()))
                .filter(job -> all || !job.state().isEnded() || job.ended().isAfter(recent))
                .toList();
    }

    /** Marks that {@code user} asked to cancel the job; 409 when it has ended. */
    public synchronized StoredJob requestCancel(String id, String user) {
        StoredJob job = get(id);
        if (job.view().state().isEnded()) {
            throw PublicException.conflict("job " + id + " has ended ("
                    + job.view().state().name().toLowerCase(Locale.ROOT) + "): nothing to cancel");
        }
        JobView view = job.view();
        JobView asked = new JobView(
                view.id(),
                view.service(),
                view.command(),
                view.title(),
                view.user(),
                view.state(),
                view.fraction(),
                "cancelling (asked by " + user + ")",
                view.remainingMs(),
                view.reason(),
                view.created(),
                view.started(),
                view.ended(),
                view.version(),
                view.partial());
        StoredJob marked = new StoredJob(asked, user);
        save(marked);
        return marked;
    }

    /**
     * Ends a job the board itself decides about (its service is gone, or it is the Model's own
     * job): as a report of its service would.
     *
     * @return the job now; unchanged when it had ended already
     */
    public synchronized JobView end(String id, JobState state, String reason, Long version) {
        StoredJob job = get(id);
        JobView view = job.view();
        return report(new JobView(
                view.id(),
                view.service(),
                view.command(),
                view.title(),
                view.user(),
                state,
                view.fraction(),
                null,
                null,
                reason,
                view.created(),
                view.started(),
                null,
                version,
                null));
    }

    /** Progress of a job the board runs itself (the Model's parametric updates). */
    public synchronized JobView progress(String id, double fraction, String message) {
        JobView view = get(id).view();
        return report(new JobView(
                view.id(),
                view.service(),
                view.command(),
                view.title(),
                view.user(),
                JobState.RUNNING,
                fraction,
                message,
                null,
                null,
                view.created(),
                view.started(),
                null,
                null,
                null));
    }

    /**
     * A service exited unexpectedly: its queued and running jobs fail with the reason, e.g.
     * "compute-test exited with code 137 (signal 9) while the job ran".
     *
     * @param reason as the LSS words it ("exited with code 137 (signal 9)")
     * @return the jobs that failed
     */
    public synchronized List<JobView> serviceExited(String service, String reason) {
        List<JobView> failed = new ArrayList<>();
        for (StoredJob job : store.newestFirst()) {
            JobView view = job.view();
            if (view.service().equals(service) && !view.state().isEnded()) {
                String when = view.state() == JobState.QUEUED ? " while the job waited" : " while the job ran";
                failed.add(end(view.id(), JobState.FAILED, service + " " + reason + when, null));
            }
        }
        return failed;
    }

    private void save(StoredJob job) {
        store.put(job);
        announce.accept(new JobEvent(job.view()));
    }

    /** Removes ended jobs past the newest {@value #KEEP}. */
    private void prune() {
        if (store.count() <= KEEP) {
            return;
        }
        List<StoredJob> all = store.newestFirst();
        store.delete(all.subList(KEEP, all.size()).stream()
                .filter(job -> job.view().state().isEnded())
                .map(job -> job.view().id())
                .toList());
    }
}
