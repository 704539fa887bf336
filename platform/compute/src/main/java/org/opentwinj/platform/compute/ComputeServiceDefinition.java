package org.opentwinj.platform.compute;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opentwinj.platform.compute.job.JobRunner;
import org.opentwinj.platform.compute.job.ThrottledReports;
import org.opentwinj.platform.compute.model.ModelClient;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.launcher.session.SessionMembership;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.transport.client.ServiceClient;

/**
 * The base of every compute service: a service declares its commands, and this wires the
 * rest: the actions ({@link ComputeService}), the job pool, job reports to the session's Model
 * ({@code Job.Report}), saves through the Model on the user's behalf, and the catalogue sent
 * with {@code Service.Confirm}.
 */
public abstract class ComputeServiceDefinition implements ServiceDefinition {
    /** The name the session gives its Model service ({@code Run}'s {@code services}). */
    public static final String MODEL_SERVICE = "model";

    /** The commands this service offers, with their code. Called once, at start. */
    protected abstract List<ComputeCommand> commands();

    @Override
    public List<Setting<?>> settings() {
        return ComputeConfig.settings();
    }

    @Override
    public final void start(ServiceContext context) {
        ComputeConfig config = ComputeConfig.from(context.settings());
        String service = context.session()
                .map(SessionMembership::serviceName)
                .orElse(context.info().service());
        ServiceClient client = context.client();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("job-reports").daemon().factory());
        context.onShutdown(timer::shutdownNow);
        ThrottledReports reports = new ThrottledReports(
                job -> client.call(modelUrl(context), ActionNames.JOB_REPORT, job),
                (delay, task) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                Clock.systemUTC());
        ComputeService compute = new ComputeService(
                service,
                commands(),
                new ModelClient(client, () -> modelUrl(context)),
                saver -> new JobRunner(service, saver, reports, Clock.systemUTC(), config.workers(), config.queued()));
        compute.register(context.actions());
        context.onShutdown(compute.jobs());
        context.session().ifPresent(membership -> {
            membership.declareCommands(compute.catalogue().commands());
            membership.busyWhile(compute.jobs()::busy);
        });
    }

    private static URI modelUrl(ServiceContext context) {
        return context.session()
                .flatMap(SessionMembership::run)
                .map(RunRequest::services)
                .map(services -> services.get(MODEL_SERVICE))
                .orElseThrow(() -> PublicException.unavailable(
                        "the session's Model service is not known yet (no Run received)", Duration.ofSeconds(2)));
    }
}
