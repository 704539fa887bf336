package org.opentwinj.platform.compute.job;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.opentwinj.platform.compute.ComputeCommand;
import org.opentwinj.platform.compute.Inputs;
import org.opentwinj.platform.compute.JobCancelledException;
import org.opentwinj.platform.compute.Output;
import org.opentwinj.platform.compute.Outputs;
import org.opentwinj.platform.compute.Params;
import org.opentwinj.platform.compute.ResultSaver;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.session.JobView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's jobs: a bounded pool of workers and a bounded queue in front of it. A job runs
 * its command's handler, then saves what it made in one {@code Model.Save}; every change of
 * its state goes to the Model through {@link ThrottledReports}. A job that fails saves
 * nothing; a cancelled one saves nothing unless its handler returned partial results, which
 * are saved marked as partial. Each job's log lines carry its id ({@link LogContext#JOB}).
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** How many ended jobs it remembers, for {@code Job.Cancel} answers about them. */
    static final int ENDED_KEPT = 1000;

    private final String service;
    private final ResultSaver saver;
    private final ThrottledReports reports;
    private final Clock clock;
    private final ThreadPoolExecutor workers;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /**
     * @param service  this service's name in the session
     * @param saver    where results go
     * @param reports  where job states go
     * @param workers  how many jobs run at once
     * @param queued   how many jobs may wait; beyond that {@code Command.Run} answers 503
     */
    public JobRunner(
            String service, ResultSaver saver, ThrottledReports reports, Clock clock, int workers, int queued) {
        this.service = service;
        this.saver = saver;
        this.reports = reports;
        this.clock = clock;
        this.workers = new ThreadPoolExecutor(
                workers,
                workers,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queued),
                Thread.ofPlatform().name("job-worker-", 1).daemon().factory());
    }

    /**
     * Accepts a job: it is QUEUED until a worker takes it.
     *
     * @return the job as accepted (QUEUED)
     *
     * @param user who runs it (the author of its results; the Model takes it from its job board
     *             when the job saves, so the user's token need not live as long as the job)
     * @throws PublicException 503 when the queue is full
     */
    public JobView submit(ComputeCommand command, Params params, Inputs inputs, String user) {
        Job job = new Job(
                UUID.randomUUID().toString(),
                service,
                command.name(),
                command.spec().title(),
                user,
                clock,
                reports::offer);
        jobs.put(job.id(), job);
        forgetOldJobs();
        JobView accepted = job.view();
        job.publish();
        try {
            workers.execute(() -> execute(job, command, params, inputs));
        } catch (RejectedExecutionException e) {
            jobs.remove(job.id());
            job.failed("the service is busy: too many jobs are waiting");
            throw PublicException.unavailable(
                    "service " + service + " has too many jobs waiting; try again later", Duration.ofSeconds(10));
        }
        // As accepted: a worker may have taken it already.
        return accepted;
    }

    /**
     * Cancels a job (from {@code Job.Cancel}).
     *
     * @return the job as it is now: CANCELLED if it was queued, still RUNNING until its handler stops
     * @throws PublicException 404 for a job this service does not know
     */
    public JobView cancel(String id, String who) {
        Job job = jobs.get(id);
        if (job == null) {
            throw PublicException.notFound("service " + service + " has no job " + id);
        }
        job.requestCancel(who);
        return job.view();
    }

    /** The job as it is now. */
    public JobView get(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw PublicException.notFound("service " + service + " has no job " + id);
        }
        return job.view();
    }

    /** Whether a job is queued or running: a service at work is never stopped as idle. */
    public boolean busy() {
        return jobs.values().stream().anyMatch(job -> !job.view().state().isEnded());
    }

    /** Every job it knows, oldest first. */
    public List<JobView> list() {
        return jobs.values().stream()
                .map(Job::view)
                .sorted((a, b) -> a.created().compareTo(b.created()))
                .toList();
    }

    private void execute(Job job, ComputeCommand command, Params params, Inputs inputs) {
        // The session is in every line of a session service already (JsonLogging): not again here.
        try (LogContext context = LogContext.with(
                LogContext.JOB, job.id(), LogContext.USER, job.user(), LogContext.ACTION, command.name())) {
            if (!job.start(Thread.currentThread())) {
                return;
            }
            LOG.info("job {} ({}) started", job.id(), job.title());
            Outputs outputs;
            try {
                outputs = command.handler().run(params, inputs, job);
            } catch (JobCancelledException | InterruptedException e) {
                end(job, null, command, params);
                return;
            } catch (PublicException e) {
                fail(job, e.getMessage());
                return;
            } catch (Exception | LinkageError e) {
                if (job.isCancelled()) {
                    // Interrupted I/O and the like, because it was cancelled.
                    LOG.info("job {} stopped on its cancel with {}", job.id(), e.toString());
                    end(job, null, command, params);
                    return;
                }
                String errorId = UUID.randomUUID().toString().substring(0, 8);
                try (LogContext error = LogContext.with(LogContext.ERROR_ID, errorId)) {
                    LOG.error("job {} ({}) failed with params {}", job.id(), command.name(), params.asMap(), e);
                }
                fail(
                        job,
                        "internal error in " + command.spec().title() + " (error id " + errorId
                                + "); the service's log has the details");
                return;
            }
            end(job, outputs, command, params);
        } finally {
            // A cancel may have interrupted the worker after the handler returned: do not carry it over.
            Thread.interrupted();
        }
    }

    /** Saves what a finished or cancelled job made, and ends it. */
    private void end(Job job, Outputs outputs, ComputeCommand command, Params params) {
        Thread.interrupted();
        boolean cancelled = job.isCancelled();
        if (outputs == null || outputs.isEmpty()) {
            if (cancelled) {
                LOG.info("job {} cancelled; nothing saved", job.id());
                job.cancelled(null);
            } else {
                job.done(null);
            }
            return;
        }
        try {
            // The Model saves a job's results only while its board has the job running: the
            // throttled reports may not have told it yet.
            reports.deliverNow(job.view());
            if (cancelled) {
                int percent = (int) Math.round(job.fraction() * 100);
                List<Output> marked = outputs.entities().stream()
                        .map(o -> o.named(o.name() + " (partial)"))
                        .toList();
                long version = saver.save(
                        command.spec(),
                        params,
                        marked,
                        "partial: " + job.title() + " cancelled at " + percent + "%",
                        job.id());
                LOG.info("job {} cancelled at {}%; its partial results are version {}", job.id(), percent, version);
                job.cancelled(version);
            } else {
                long version = saver.save(command.spec(), params, outputs.entities(), job.title(), job.id());
                LOG.info("job {} done; results saved as version {}", job.id(), version);
                job.done(version);
            }
        } catch (PublicException e) {
            LOG.warn("job {}: its results could not be saved: {}", job.id(), e.getMessage());
            fail(job, "its results could not be saved: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("job {}: its results could not be saved", job.id(), e);
            fail(job, "its results could not be saved: " + e.getMessage());
        }
    }

    private void fail(Job job, String reason) {
        LOG.warn("job {} failed: {}", job.id(), reason);
        job.failed(reason);
    }

    private void forgetOldJobs() {
        if (jobs.size() <= ENDED_KEPT) {
            return;
        }
        jobs.values().stream()
                .map(Job::view)
                .filter(view -> view.state().isEnded())
                .sorted((a, b) -> a.created().compareTo(b.created()))
                .limit(jobs.size() - ENDED_KEPT)
                .forEach(view -> jobs.remove(view.id()));
    }

    /** Cancels what runs and waits a little for the workers. */
    @Override
    public void close() {
        for (Job job : jobs.values()) {
            job.requestCancel("the service stopping");
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
