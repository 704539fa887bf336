package org.opentwinj.services.lss.session;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ServiceState;
import org.opentwinj.platform.session.SessionEvent;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.supervision.RestartPolicy;

/**
 * A session on this LSS: its services, its state and its progress events. It owns its
 * transitions and their guards (nothing changes once it is closing or over); each is one
 * synchronized method, so the supervisor's threads, the confirm action and the GSS reporter
 * never see half a change. Readers outside take a {@link #snapshot}.
 */
public final class LiveSession {
    /** Events kept for reporting; the GSS keeps its own longer history. */
    static final int EVENT_LIMIT = 500;

    private final String id;
    private final String project;
    private final String user;
    private final String type;
    private final Instant createdAt;
    private final Map<String, ServiceInstance> instances = new LinkedHashMap<>();
    private final Deque<SessionEvent> events = new ArrayDeque<>();
    /** The catalogue each service sent with its latest {@code Service.Confirm}. */
    private final Map<String, List<CommandSpec>> commands = new LinkedHashMap<>();

    private final Clock clock;
    private SessionState state = SessionState.STARTING;
    private String reason;
    private long lastSeq;
    private boolean broadcastingRun;

    public LiveSession(
            String id,
            String project,
            String user,
            String type,
            List<ServiceSlot> slots,
            Instant createdAt,
            Clock clock) {
        this.id = id;
        this.project = project;
        this.user = user;
        this.type = type;
        this.createdAt = createdAt;
        this.clock = clock;
        for (ServiceSlot slot : slots) {
            instances.put(slot.name(), new ServiceInstance(slot));
        }
    }

    /**
     * The session at one moment, for readers outside its lock (GSS reports, the saved state,
     * {@code Lss.Status}).
     *
     * @param events the events after the number asked for
     */
    public record Snapshot(
            String id,
            String project,
            String user,
            String type,
            Instant createdAt,
            SessionState state,
            String reason,
            long lastSeq,
            List<ServiceSnapshot> services,
            List<SessionEvent> events,
            Map<String, List<CommandSpec>> commands) {
        public Snapshot {
            services = List.copyOf(services);
            events = List.copyOf(events);
            commands = Map.copyOf(commands);
        }
    }

    /** One service at the moment of a {@link Snapshot}. */
    public record ServiceSnapshot(
            String name,
            String service,
            int port,
            URI url,
            ServiceState state,
            SpawnHandle handle,
            int restartsInARow,
            Instant lastStart) {}

    /** The session now, with the events after {@code seq}. */
    public synchronized Snapshot snapshot(long seq) {
        List<ServiceSnapshot> services = instances.values().stream()
                .map(i -> new ServiceSnapshot(
                        i.name(),
                        i.service(),
                        i.port(),
                        i.idle() ? null : i.url(), // an idle on-demand service has no URL to route to
                        i.state(),
                        i.handle(),
                        i.restartsInARow(),
                        i.lastStart()))
                .toList();
        return new Snapshot(
                id, project, user, type, createdAt, state, reason, lastSeq, services, eventsAfter(seq), commands);
    }

    public String id() {
        return id;
    }

    public String project() {
        return project;
    }

    public String user() {
        return user;
    }

    public String type() {
        return type;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Its state: one of STARTING, RUNNING, RECOVERING, CLOSING, CLOSED and FAILED. */
    public synchronized SessionState phase() {
        return state;
    }

    public synchronized String reason() {
        return reason;
    }

    public synchronized List<ServiceInstance> instances() {
        return List.copyOf(instances.values());
    }

    public synchronized Optional<ServiceInstance> instance(String name) {
        return Optional.ofNullable(instances.get(name));
    }

    /** Whether it is closing or over: then nothing starts, restarts or fails it any more. */
    public synchronized boolean isWindingDown() {
        return state == SessionState.CLOSING || state.isEnded();
    }

    // Transitions of the session.

    /**
     * Starts closing (or failing, with a reason), unless it is closing or over already.
     *
     * @return whether it started closing now: the caller then stops its services
     */
    synchronized boolean beginClosing(String why) {
        if (isWindingDown()) {
            return false;
        }
        state = SessionState.CLOSING;
        if (why != null) {
            reason = why;
        }
        return true;
    }

    /** Every service stopped: the session is over ({@code CLOSED} or {@code FAILED}). */
    synchronized void ended(SessionState end, String why) {
        if (!end.isEnded()) {
            throw new IllegalArgumentException("not an end state: " + end);
        }
        state = end;
        if (why != null) {
            reason = why;
        }
    }

    /**
     * Every service is ready and got {@code Run}: the session runs, unless it started closing
     * meanwhile or a service stopped again.
     *
     * @return whether it was recovering, or empty when nothing changed
     */
    synchronized Optional<Boolean> running() {
        if (isWindingDown() || !allReady()) {
            return Optional.empty();
        }
        boolean recovered = state == SessionState.RECOVERING;
        state = SessionState.RUNNING;
        return Optional.of(recovered);
    }

    /** Taken over after an LSS restart: its services are placed as they were, those still running are ready. */
    synchronized void takenOver(List<RecoveredService> recovered, Instant now) {
        state = SessionState.RECOVERING;
        for (RecoveredService service : recovered) {
            ServiceInstance instance = instances.get(service.slot().name());
            if (service.slot().onDemand() && service.handle().isEmpty()) {
                continue; // idle before the restart, or gone meanwhile: started again when demanded
            }
            instance.place(service.port(), service.url());
            instance.reattached(
                    service.handle().orElse(null),
                    service.restarts(),
                    service.lastStart() == null ? now : service.lastStart());
        }
    }

    /**
     * Claims the broadcast of {@code Run}: true once, for the thread that saw the last service
     * become ready, until {@link #runBroadcastDone()}; several services confirming at the same
     * moment must not send {@code Run} several times.
     */
    synchronized boolean claimRunBroadcast() {
        if (broadcastingRun || !allReady() || (state != SessionState.STARTING && state != SessionState.RECOVERING)) {
            return false;
        }
        broadcastingRun = true;
        return true;
    }

    synchronized void runBroadcastDone() {
        broadcastingRun = false;
    }

    /** Whether every service started at open has confirmed (on-demand ones that do not run are not waited for). */
    synchronized boolean allReady() {
        return instances.values().stream()
                .allMatch(instance -> instance.state() == ServiceState.READY || instance.idle());
    }

    // Transitions of its services.

    synchronized void place(ServiceInstance instance, int port, URI url) {
        instance.place(port, url);
    }

    /** Before each launch: a fast service may confirm before its launch call even returns. */
    synchronized CompletableFuture<URI> expectConfirmation(ServiceInstance instance) {
        instance.expectConfirmation();
        return instance.confirmation();
    }

    synchronized CompletableFuture<URI> confirmation(ServiceInstance instance) {
        return instance.confirmation();
    }

    synchronized void launched(ServiceInstance instance, SpawnHandle handle, Instant at) {
        instance.launched(handle, at);
    }

    synchronized void ready(ServiceInstance instance, Instant at) {
        instance.ready(at);
    }

    /**
     * {@code Service.Confirm} of a service at its URL.
     *
     * <p>With {@code runInReply}: the services that {@code Run} names for it, when the LSS knows
     * them all already (every other service started at open has confirmed: this is a restart,
     * an on-demand start, or the last of the session's services to confirm). The service then
     * gets {@code Run} in its confirmation's reply and the broadcast leaves it out. Decided
     * before its confirmation completes, in one step with it: the thread that waits for the
     * confirmation may broadcast {@code Run} at once, and must know then whether this service
     * gets it in its reply (else it would get it twice).
     *
     * @return the URLs of the services that run, this one included; empty while others are still
     *     starting, or without {@code runInReply}
     * @throws PublicException 409 when it serves elsewhere than where it was placed
     */
    synchronized Optional<Map<String, URI>> confirm(
            ServiceInstance instance, URI url, List<CommandSpec> catalogue, boolean runInReply) {
        if (!url.equals(instance.url())) {
            throw PublicException.conflict(instance.name() + " must serve at " + instance.url() + ", not " + url);
        }
        commands.put(instance.name(), catalogue == null ? List.of() : List.copyOf(catalogue));
        Optional<Map<String, URI>> run = runInReply ? runFor(instance) : Optional.empty();
        instance.confirmation().complete(url);
        return run;
    }

    private Optional<Map<String, URI>> runFor(ServiceInstance confirming) {
        if (isWindingDown()) {
            return Optional.empty();
        }
        Map<String, URI> urls = new TreeMap<>();
        for (ServiceInstance other : instances.values()) {
            if (other.idle()) {
                continue;
            }
            boolean confirmedAlready = other == confirming
                    || other.state() == ServiceState.READY
                    || other.confirmation().isDone() && !other.confirmation().isCompletedExceptionally();
            if (!confirmedAlready || other.url() == null) {
                return Optional.empty();
            }
            urls.put(other.name(), other.url());
        }
        confirming.runInReply();
        return Optional.of(urls);
    }

    /** Whether the service got the latest {@code Run} in its confirmation's reply (then it is not sent again); clears it. */
    synchronized boolean takeRunInReply(ServiceInstance instance) {
        return instance.takeRunInReply();
    }

    /** The URLs of the services that run now, for {@code Run}. */
    synchronized Map<String, URI> runningUrls() {
        Map<String, URI> urls = new TreeMap<>();
        for (ServiceInstance instance : instances.values()) {
            if (!instance.idle() && instance.url() != null) {
                urls.put(instance.name(), instance.url());
            }
        }
        return urls;
    }

    /** Whether it is an on-demand service that does not run. */
    synchronized boolean idle(ServiceInstance instance) {
        return instance.idle();
    }

    /** What a demand for a service finds. */
    sealed interface Demand {
        /** It is ready at this URL. */
        record Serving(URI url) implements Demand {}

        /** It was idle: the caller starts it now (it is STARTING) and the future completes once it is ready. */
        record Start(CompletableFuture<URI> ready) implements Demand {}

        /** It is starting or restarting already: wait for the future. */
        record Await(CompletableFuture<URI> ready) implements Demand {}
    }

    /**
     * Decides about a demand for a service, in one step with the checks.
     *
     * @throws PublicException 409 when the session is closing or over
     */
    synchronized Demand demand(ServiceInstance instance) {
        if (isWindingDown()) {
            throw PublicException.conflict(
                    "session " + id + " is " + state.name().toLowerCase(Locale.ROOT));
        }
        if (instance.state() == ServiceState.READY) {
            return new Demand.Serving(instance.url());
        }
        if (instance.idle()) {
            instance.expectConfirmation();
            return new Demand.Start(instance.readiness());
        }
        return new Demand.Await(instance.readiness());
    }

    /** An on-demand service could not start: it is idle again, and its demands fail with the reason. */
    synchronized void demandFailed(ServiceInstance instance, String why) {
        instance.goneIdle(why);
    }

    /**
     * A ready on-demand service stops for idleness, unless the session winds down.
     *
     * @return its handle, to stop it, or empty when it is not a ready on-demand service
     */
    synchronized Optional<SpawnHandle> idleStop(ServiceInstance instance, String why) {
        if (!instance.onDemand() || instance.state() != ServiceState.READY || isWindingDown()) {
            return Optional.empty();
        }
        SpawnHandle handle = instance.handle();
        instance.goneIdle(why);
        return Optional.ofNullable(handle);
    }

    /** What to do about a service that stopped unexpectedly. */
    sealed interface AfterCrash {
        /** Nothing: the session is winding down, or the service is restarting or stopped already. */
        record Ignore() implements AfterCrash {}

        /** The restarts in a row are used up: fail the session. */
        record GiveUp() implements AfterCrash {}

        /** A restart is scheduled; the session is recovering. */
        record Restarting(RestartPolicy.Restart restart) implements AfterCrash {}
    }

    /**
     * Decides about a restart and schedules it, in one step with the checks.
     *
     * @param schedule schedules the restart after its delay and returns the task
     */
    synchronized AfterCrash crashed(
            ServiceInstance instance,
            RestartPolicy policy,
            Instant now,
            Function<RestartPolicy.Restart, ClockTimer.Task> schedule) {
        if (isWindingDown()
                || instance.state() == ServiceState.RESTARTING
                || instance.state() == ServiceState.STOPPED) {
            return new AfterCrash.Ignore();
        }
        Optional<RestartPolicy.Restart> restart = policy.next(instance.restartsInARow(), instance.lastStart(), now);
        if (restart.isEmpty()) {
            return new AfterCrash.GiveUp();
        }
        instance.restarting(restart.get().number(), schedule.apply(restart.get()));
        state = SessionState.RECOVERING;
        return new AfterCrash.Restarting(restart.get());
    }

    /** Marks a service stopped on purpose (a pending restart is cancelled); its handle, to stop it, or null. */
    synchronized SpawnHandle stopped(ServiceInstance instance) {
        instance.stopped();
        return instance.handle();
    }

    /** The handle of a ready service to watch, or empty when it is not ready or the session winds down. */
    synchronized Optional<SpawnHandle> watched(ServiceInstance instance) {
        if (instance.state() != ServiceState.READY || isWindingDown()) {
            return Optional.empty();
        }
        return Optional.ofNullable(instance.handle());
    }

    /**
     * Counts a ping of a ready service.
     *
     * @return the handle to stop when it failed {@code limit} pings in a row (once), else empty
     */
    synchronized Optional<SpawnHandle> pinged(ServiceInstance instance, boolean answered, int limit) {
        if (instance.state() != ServiceState.READY) {
            return Optional.empty();
        }
        if (answered) {
            instance.pingAnswered();
            return Optional.empty();
        }
        return instance.pingFailed(limit) ? Optional.ofNullable(instance.handle()) : Optional.empty();
    }

    synchronized boolean stoppedForHealth(ServiceInstance instance) {
        return instance.stoppedForHealth();
    }

    synchronized SpawnHandle handle(ServiceInstance instance) {
        return instance.handle();
    }

    // Events.

    /** Records an event and returns it. */
    public synchronized SessionEvent event(String service, String message) {
        SessionEvent event = new SessionEvent(++lastSeq, clock.instant(), service, message);
        events.addLast(event);
        while (events.size() > EVENT_LIMIT) {
            events.removeFirst();
        }
        return event;
    }

    /** Events after the given number, oldest first. */
    public synchronized List<SessionEvent> eventsAfter(long seq) {
        List<SessionEvent> after = new ArrayList<>();
        for (SessionEvent event : events) {
            if (event.seq() > seq) {
                after.add(event);
            }
        }
        return after;
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Restores the event numbering after an LSS restart, so the GSS does not take new events for old ones. */
    synchronized void continueNumberingAfter(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }
}
