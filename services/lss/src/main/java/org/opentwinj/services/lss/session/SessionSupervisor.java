package org.opentwinj.services.lss.session;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.session.ServiceExitedRequest;
import org.opentwinj.platform.session.ServiceState;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.spawner.ExitStatus;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.platform.spawner.Spawner;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.services.lss.pool.ServicePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LSS core: it owns the policy of every session on this LSS, whatever the spawner. It
 * starts a session's services, waits for each to confirm within the confirm timeout,
 * broadcasts {@code Run}, pings them, restarts one that stops unexpectedly with exponential
 * back-off up to a limit (then fails the session with a reason), and stops everything when
 * the session closes. Spawners only launch, poll and stop.
 *
 * <p>The session's state and its guards are {@link LiveSession}'s; this class decides what to
 * do and does the slow work (spawner, planner, calls) outside the session's lock. Every
 * deadline (confirm timeout, back-off, poll and health intervals) is measured by the injected
 * clock.
 */
public final class SessionSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSupervisor.class);
    /** The name of a session's Model service, which keeps the session's jobs. */
    static final String MODEL = "model";
    /** How soon a refused start may be tried again while other sessions are starting. */
    static final Duration SPAWN_RETRY_AFTER = Duration.ofSeconds(2);
    /** How long (real time) a wait for a confirmation blocks before it looks at the service and the clock again. */
    private static final Duration CONFIRM_SLICE = Duration.ofMillis(50);
    /** How often (real time) the timer looks at the clock for due work. */
    private static final Duration TICK = Duration.ofMillis(10);

    private final Spawner<?> spawner;
    private final LaunchPlanner<?> planner;
    /** Runs the planner's request with the spawner: both take the same kind of request. */
    private final Starter starter;

    private final SessionServices services;
    private final SupervisorConfig config;
    private final SessionObserver observer;
    private final Clock clock;
    private final Supplier<URI> relayUrl;
    private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger starting = new AtomicInteger();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ClockTimer timer;

    /**
     * @param relayUrl the relay session services push to, as last told by the GSS (may give null)
     */
    public <R extends SpawnRequest> SessionSupervisor(
            Spawner<R> spawner,
            LaunchPlanner<R> planner,
            SessionServices services,
            SupervisorConfig config,
            SessionObserver observer,
            Clock clock,
            Supplier<URI> relayUrl) {
        this(spawner, planner, services, config, observer, clock, relayUrl, ServicePool.none());
    }

    /**
     * @param pool warm JVMs a service becomes instead of starting anew, when it has one
     */
    public <R extends SpawnRequest> SessionSupervisor(
            Spawner<R> spawner,
            LaunchPlanner<R> planner,
            SessionServices services,
            SupervisorConfig config,
            SessionObserver observer,
            Clock clock,
            Supplier<URI> relayUrl,
            ServicePool pool) {
        this.spawner = spawner;
        this.planner = planner;
        this.starter = (session, instance, progress) -> {
            R request = planner.plan(session, instance);
            // The warm pool's one seam: a pooled JVM becomes what the request would start, else the spawner starts it.
            return pool.take(request, progress).orElseGet(() -> spawner.start(request, progress));
        };
        this.services = services;
        this.config = config;
        this.observer = observer;
        this.clock = clock;
        this.relayUrl = relayUrl;
        this.timer = new ClockTimer(clock, TICK, "lss-supervisor");
        timer.every(config.pollInterval(), this::pollExits);
        timer.every(config.healthInterval(), this::pingReadyServices);
    }

    public Collection<LiveSession> sessions() {
        return List.copyOf(sessions.values());
    }

    public Optional<LiveSession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** Sessions not over yet: what counts against capacity and what the GSS is told this LSS runs. */
    public List<String> activeSessionIds() {
        return sessions.values().stream()
                .filter(s -> !s.phase().isEnded())
                .map(LiveSession::id)
                .sorted()
                .toList();
    }

    /**
     * Accepts a session and starts its services in the background.
     *
     * @throws PublicException 409 when the id is taken, 503 when this LSS is full, 429 when too
     *     many sessions are starting (with Retry-After)
     */
    public LiveSession start(String id, String project, String user, String type, List<ServiceSlot> slots) {
        synchronized (sessions) {
            if (sessions.containsKey(id)) {
                throw PublicException.conflict("session " + id + " exists on this LSS already");
            }
            long active =
                    sessions.values().stream().filter(s -> !s.phase().isEnded()).count();
            if (active >= config.capacity()) {
                throw new PublicException(
                        503, "this LSS is full (" + active + " of " + config.capacity() + " sessions)");
            }
            if (starting.get() >= config.spawnLimit()) {
                throw PublicException.tooManyRequests(
                        starting.get() + " sessions are starting on this LSS (the limit is " + config.spawnLimit()
                                + "); try again shortly",
                        SPAWN_RETRY_AFTER);
            }
            starting.incrementAndGet();
            LiveSession session = new LiveSession(id, project, user, type, slots, clock.instant(), clock);
            sessions.put(id, session);
            long atOpen = slots.stream().filter(slot -> !slot.onDemand()).count();
            session.event(
                    null,
                    "accepted by this LSS; starting " + atOpen + " services"
                            + (atOpen < slots.size() ? " (" + (slots.size() - atOpen) + " more on demand)" : ""));
            workers.execute(() -> startAll(session));
            return session;
        }
    }

    private void startAll(LiveSession session) {
        try (LogContext ignored = LogContext.with(LogContext.SESSION, session.id())) {
            List<Future<?>> launches = new ArrayList<>();
            for (ServiceInstance instance : session.instances()) {
                if (!instance.onDemand()) {
                    launches.add(workers.submit(() -> firstLaunch(session, instance)));
                }
            }
            if (launches.isEmpty() && session.claimRunBroadcast()) {
                broadcastRun(session); // only on-demand services: running at once
            }
            for (Future<?> launch : launches) {
                launch.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("starting session {} failed unexpectedly", session.id(), e.getCause());
            fail(session, "internal error while starting: " + e.getCause());
        } finally {
            starting.decrementAndGet();
        }
    }

    private void firstLaunch(LiveSession session, ServiceInstance instance) {
        try {
            LaunchPlanner.Placement placement =
                    planner.place(session, new ServiceSlot(instance.name(), instance.service()));
            session.place(instance, placement.port(), placement.url());
        } catch (PublicException e) {
            fail(session, instance.name() + " could not be placed: " + e.getMessage());
            return;
        }
        launch(session, instance, true);
    }

    /**
     * Starts (or restarts) one service and waits for it to confirm. During the session's first
     * start a service that exits or does not confirm fails the session at once: there is
     * nothing to recover yet, and the user should see the reason without waiting for back-off.
     */
    private void launch(LiveSession session, ServiceInstance instance, boolean firstStart) {
        if (session.isWindingDown()) {
            return;
        }
        event(session, instance.name(), firstStart ? "starting " + instance.name() : "restarting " + instance.name());
        CompletableFuture<URI> confirmation = session.expectConfirmation(instance);
        Launched launched = startAndAwait(session, instance, confirmation);
        if (launched.problem().isPresent()) {
            crashed(
                    session,
                    instance,
                    firstStart,
                    launched.problem().get().reason(),
                    launched.problem().get().permanent());
            return;
        }
        // The event first: the thread that sees the last service ready says "running", and it
        // must find every service's "ready" already said (they confirm on threads of their own).
        Instant ready = clock.instant();
        event(
                session,
                instance.name(),
                instance.name() + " ready (" + ExitReasons.seconds(Duration.between(launched.started(), ready)) + ")");
        session.ready(instance, ready);
        afterReady(session, instance);
    }

    /**
     * Tells the session's services about one that became ready: {@code Run} to all when the
     * session was starting or recovering and this was the last one awaited; else, when the
     * session runs already (an on-demand start), {@code Run} to the others, so that they learn
     * its URL. The service itself got {@code Run} in its confirmation's reply when the LSS knew
     * the others by then.
     */
    private void afterReady(LiveSession session, ServiceInstance instance) {
        if (session.claimRunBroadcast()) {
            broadcastRun(session);
        } else if (session.phase() == SessionState.RUNNING && instance.onDemand()) {
            // Only an on-demand start joins a running session: a service started at open that
            // confirms late (its thread behind the broadcast) got the broadcast's Run already.
            sendRun(session, instance);
        }
    }

    /**
     * The outcome of a start: when it began, and what went wrong if it did not confirm.
     *
     * @param started when the spawner started it (null if it could not)
     */
    private record Launched(Instant started, Optional<Stop> problem) {}

    /** Launches one service through the spawner and waits for its confirmation; the caller expects it first. */
    private Launched startAndAwait(LiveSession session, ServiceInstance instance, CompletableFuture<URI> confirmation) {
        SpawnHandle handle;
        try {
            handle = starter.start(session, instance, progress -> event(session, instance.name(), progress));
        } catch (SpawnException | PublicException e) {
            LOG.warn("could not launch {} of session {}", instance.name(), session.id(), e);
            return new Launched(null, Stop.of(instance.name() + " could not be launched: " + e.getMessage()));
        }
        Instant started = clock.instant();
        session.launched(instance, handle, started);
        changed(session);
        return new Launched(started, awaitConfirmation(session, instance, handle, confirmation));
    }

    /**
     * {@code Service.Demand}: the session needs one of its services now. A ready one is answered
     * at once; an on-demand one that does not run is started and answered once it confirmed (a
     * failure to start answers with the reason, and the session runs on without it); one that is
     * starting or restarting is waited for.
     *
     * @throws PublicException 404 for an unknown session or service, 409 when the session is
     *     closing or over, 503 with the reason when the service could not start, 504 when it was
     *     not ready in time
     */
    public DemandReply demand(String sessionId, String name) {
        LiveSession session = sessions.get(sessionId);
        if (session == null || session.phase().isEnded()) {
            throw PublicException.notFound("no session " + sessionId + " on this LSS");
        }
        ServiceInstance instance = session.instance(name)
                .orElseThrow(() -> PublicException.notFound("session " + sessionId + " has no service " + name
                        + "; its services are: "
                        + String.join(
                                ", ",
                                session.instances().stream()
                                        .map(ServiceInstance::name)
                                        .toList())));
        CompletableFuture<URI> ready = switch (session.demand(instance)) {
            case LiveSession.Demand.Serving serving -> CompletableFuture.completedFuture(serving.url());
            case LiveSession.Demand.Start start -> {
                workers.execute(() -> startOnDemand(session, instance));
                yield start.ready();
            }
            case LiveSession.Demand.Await await -> await.ready();
        };
        // Real time: the start it waits for is bounded by the clock's confirm timeout and the stop grace.
        Duration limit = config.confirmTimeout().plus(config.stopGrace()).plusSeconds(5);
        try {
            return new DemandReply(name, ready.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw new PublicException(
                    503,
                    name + " of session " + sessionId + " could not be started: "
                            + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new PublicException(
                    504, name + " of session " + sessionId + " was not ready within " + ExitReasons.seconds(limit));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublicException(503, "interrupted while waiting for " + name);
        }
    }

    /** Places and starts an on-demand service for a demand; the demand has set it STARTING. */
    private void startOnDemand(LiveSession session, ServiceInstance instance) {
        try (LogContext ignored = LogContext.with(LogContext.SESSION, session.id())) {
            try {
                LaunchPlanner.Placement placement = planner.place(session, instance.slot());
                session.place(instance, placement.port(), placement.url());
            } catch (PublicException e) {
                onDemandFailed(session, instance, instance.name() + " could not be placed: " + e.getMessage());
                return;
            }
            event(session, instance.name(), "starting " + instance.name() + " on demand");
            Launched launched = startAndAwait(session, instance, session.confirmation(instance));
            if (launched.problem().isPresent()) {
                onDemandFailed(session, instance, launched.problem().get().reason());
                return;
            }
            Instant ready = clock.instant();
            event(
                    session,
                    instance.name(),
                    instance.name() + " started on demand ("
                            + ExitReasons.seconds(Duration.between(launched.started(), ready)) + ")");
            session.ready(instance, ready);
            afterReady(session, instance);
        }
    }

    private void onDemandFailed(LiveSession session, ServiceInstance instance, String reason) {
        LOG.warn("{} of session {} could not start on demand: {}", instance.name(), session.id(), reason);
        SpawnHandle handle = session.handle(instance);
        session.demandFailed(instance, reason);
        if (handle != null) {
            spawner.stop(handle, config.stopGrace());
        }
        planner.release(session, instance);
        event(session, instance.name(), instance.name() + " could not start on demand: " + reason);
    }

    /**
     * Why a service stopped or could not start.
     *
     * @param permanent a restart would fail the same way (an image that cannot be pulled)
     */
    private record Stop(String reason, boolean permanent) {
        static Optional<Stop> of(String reason) {
            return Optional.of(new Stop(reason, false));
        }
    }

    /** Waits for {@code Service.Confirm} until the clock passes the confirm timeout; empty when it came, else what went wrong. */
    private Optional<Stop> awaitConfirmation(
            LiveSession session, ServiceInstance instance, SpawnHandle handle, CompletableFuture<URI> confirmation) {
        Instant deadline = clock.instant().plus(config.confirmTimeout());
        while (true) {
            try {
                confirmation.get(CONFIRM_SLICE.toMillis(), TimeUnit.MILLISECONDS);
                // Confirmed; where the spawner knows readiness too (a pod), wait for it as well.
                if (spawner.isReady(handle)) {
                    return Optional.empty();
                }
                throw new TimeoutException("confirmed, not ready yet");
            } catch (TimeoutException e) {
                Optional<ExitStatus> exit = spawner.poll(handle);
                if (exit.isPresent()) {
                    return Optional.of(new Stop(
                            exitReason(handle, instance, exit.get(), "before it was ready"),
                            exit.get().permanent()));
                }
                if (!clock.instant().isBefore(deadline)) {
                    spawner.stop(handle, config.stopGrace());
                    return Stop.of(instance.name()
                            + (confirmation.isDone()
                                    ? " confirmed but was not ready within "
                                    : " did not confirm within ")
                            + ExitReasons.seconds(config.confirmTimeout()));
                }
                if (session.isWindingDown()) {
                    return Stop.of("the session is closing");
                }
                if (confirmation.isDone() && !pause(CONFIRM_SLICE)) {
                    return Stop.of("interrupted");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Stop.of("interrupted");
            } catch (ExecutionException e) {
                return Stop.of(instance.name() + " confirmation failed: "
                        + e.getCause().getMessage());
            }
        }
    }

    /** @return false when interrupted */
    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String exitReason(SpawnHandle handle, ServiceInstance instance, ExitStatus exit, String when) {
        return ExitReasons.of(instance.name(), exit, when, () -> spawner.lastWords(handle));
    }

    private interface Starter {
        SpawnHandle start(LiveSession session, ServiceInstance instance, Consumer<String> progress);
    }

    /**
     * Reacts to a service that stopped, did not start or did not confirm.
     *
     * @param permanent a restart would fail the same way: the session fails at once, without
     *     back-off, as during its first start
     */
    private void crashed(
            LiveSession session, ServiceInstance instance, boolean firstStart, String reason, boolean permanent) {
        if (session.isWindingDown()) {
            return;
        }
        if (permanent || (firstStart && session.phase() == SessionState.STARTING)) {
            fail(session, reason);
            return;
        }
        tellModelServiceExited(session, instance, reason);
        if (instance.onDemand()) {
            // No restart loop for a service nobody may need again: the next demand starts it.
            SpawnHandle handle = session.handle(instance);
            if (session.idleStop(instance, reason).isPresent()) {
                if (handle != null) {
                    spawner.stop(handle, config.stopGrace());
                }
                planner.release(session, instance);
                event(session, instance.name(), reason + "; it starts again when next demanded");
            }
            return;
        }
        LiveSession.AfterCrash next = session.crashed(
                instance,
                config.restarts(),
                clock.instant(),
                restart -> timer.after(restart.delay(), () -> workers.execute(() -> launch(session, instance, false))));
        switch (next) {
            case LiveSession.AfterCrash.Ignore ignore -> {}
            case LiveSession.AfterCrash.GiveUp giveUp ->
                fail(session, reason + "; gave up after " + config.restarts().limit() + " restarts in a row");
            case LiveSession.AfterCrash.Restarting restarting ->
                event(
                        session,
                        instance.name(),
                        reason + "; restarting in "
                                + ExitReasons.seconds(restarting.restart().delay()) + " (restart "
                                + restarting.restart().number() + " of "
                                + config.restarts().limit() + ")");
        }
    }

    /**
     * Tells the session's Model service that a service exited unexpectedly, so that it marks
     * that service's queued and running jobs failed with the reason. Best effort: a session
     * without a Model, or a Model that does not answer, is logged and the supervision goes on.
     */
    private void tellModelServiceExited(LiveSession session, ServiceInstance exited, String reason) {
        if (exited.name().equals(MODEL)) {
            return;
        }
        Optional<ServiceInstance> model = session.instance(MODEL);
        URI modelUrl = model.map(ServiceInstance::url).orElse(null);
        if (modelUrl == null || model.get().state() != ServiceState.READY) {
            LOG.info(
                    "{} of session {} exited ({}); no ready Model to tell about its jobs",
                    exited.name(),
                    session.id(),
                    reason);
            return;
        }
        workers.execute(() -> {
            try {
                services.serviceExited(modelUrl, new ServiceExitedRequest(exited.name(), reason));
            } catch (PeerCallException | UnsupportedOperationException e) {
                LOG.warn(
                        "could not tell the Model of session {} that {} exited ({}): {}",
                        session.id(),
                        exited.name(),
                        reason,
                        e.getMessage());
            }
        });
    }

    /** Sends {@code Run} to every service; the caller has claimed the broadcast. */
    private void broadcastRun(LiveSession session) {
        try {
            sendRun(session);
        } finally {
            session.runBroadcastDone();
        }
    }

    private void sendRun(LiveSession session) {
        sendRun(session, null);
    }

    /**
     * Sends {@code Run} to every service that runs and did not get it in its confirmation's reply.
     *
     * @param joined a service that joined the running session (the others learn its URL; the
     *     session's state stays), or null for the broadcast after which the session runs
     */
    private void sendRun(LiveSession session, ServiceInstance joined) {
        boolean settle = joined == null;
        if (joined != null) {
            session.takeRunInReply(joined);
        }
        RunRequest run = runRequest(session, session.runningUrls());
        for (ServiceInstance instance : session.instances()) {
            if (instance == joined
                    || session.takeRunInReply(instance)
                    || instance.idle()
                    || run.services().get(instance.name()) == null) {
                continue;
            }
            try {
                services.run(instance.url(), run);
            } catch (PeerCallException e) {
                LOG.warn("Run refused by {} of session {}: {}", instance.name(), session.id(), e.getMessage());
                runRefused(session, instance, e.reason());
                return;
            }
        }
        if (!settle) {
            return;
        }
        Optional<Boolean> recovered = session.running();
        if (recovered.isEmpty()) {
            return;
        }
        event(session, null, recovered.get() ? "running again" : "running");
        LOG.info("session {} of project {} for {} is running", session.id(), session.project(), session.user());
    }

    private RunRequest runRequest(LiveSession session, Map<String, URI> urls) {
        return new RunRequest(session.id(), session.project(), session.user(), urls, relayUrl.get());
    }

    /**
     * A service that is up but refuses {@code Run} cannot take part: while the session starts
     * that fails it; later the service is stopped and restarted like one that crashed.
     */
    private void runRefused(LiveSession session, ServiceInstance instance, String reason) {
        String why = instance.name() + " refused Run: " + reason;
        if (session.phase() == SessionState.STARTING) {
            fail(session, why);
            return;
        }
        SpawnHandle handle = session.handle(instance);
        if (handle != null) {
            spawner.stop(handle, config.stopGrace());
        }
        crashed(session, instance, false, why, false);
    }

    /**
     * {@code Service.Confirm} from a session service that takes {@code Run} only as a call of its
     * own (the broadcast sends it).
     *
     * @param peer the subject of the certificate it presented
     * @throws PublicException 404 for an unknown session or service, 403 for a certificate
     *     that is not the one issued to it, 409 for a service that is not starting
     */
    public void confirm(ConfirmRequest request, String peer) {
        accept(request, peer, false);
    }

    /**
     * {@code Service.Confirm} as the action answers it: with {@code Run} for the reply when the
     * LSS knows the session's other services already (a restart, an on-demand start, the last
     * service to confirm); that service then gets no separate {@code Run}.
     *
     * @param peer the subject of the certificate it presented
     * @return {@code Run} for the reply, or empty while other services are still starting
     * @throws PublicException as {@link #confirm}
     */
    public Optional<RunRequest> confirmAndRun(ConfirmRequest request, String peer) {
        return accept(request, peer, true);
    }

    private Optional<RunRequest> accept(ConfirmRequest request, String peer, boolean runInReply) {
        LiveSession session = sessions.get(request.session());
        if (session == null || session.phase().isEnded()) {
            throw PublicException.notFound("no session " + request.session() + " on this LSS");
        }
        ServiceInstance instance = session.instance(request.service())
                .orElseThrow(() -> PublicException.notFound(
                        "session " + request.session() + " has no service " + request.service()));
        String expected = planner.certificateSubject(session, new ServiceSlot(instance.name(), instance.service()));
        if (peer == null || !peer.contains("CN=" + expected)) {
            LOG.warn("refused Service.Confirm for {} of session {} from {}", instance.name(), session.id(), peer);
            throw PublicException.forbidden(
                    "this certificate was not issued to " + request.service() + " of session " + request.session());
        }
        return session.confirm(instance, request.url(), request.commands(), runInReply)
                .map(urls -> runRequest(session, urls));
    }

    /** Stops a session in the background; its services get SIGTERM, then are killed after the grace period. */
    public void stop(String id, String why) {
        LiveSession session = sessions.get(id);
        if (session == null) {
            throw PublicException.notFound("no session " + id + " on this LSS");
        }
        if (!session.beginClosing(null)) {
            return;
        }
        event(session, null, "closing: " + why);
        workers.execute(() -> stopAll(session, SessionState.CLOSED, why, true));
    }

    private void fail(LiveSession session, String reason) {
        if (!session.beginClosing(reason)) {
            return;
        }
        LOG.warn("session {} failed: {}", session.id(), reason);
        event(session, null, "failed: " + reason);
        workers.execute(() -> stopAll(session, SessionState.FAILED, reason, false));
    }

    /**
     * Stops every service of a session that is closing.
     *
     * @param endOnceTold whether the session is over as soon as every service has been told to
     *     stop (a close: nothing of it is used any more, so its user need not wait for processes
     *     to exit; each one's port and files are freed once it has exited), rather than once
     *     every service has stopped (a failure, whose reason may come from a stop; an LSS that is
     *     stopping, which must not leave processes behind)
     */
    private void stopAll(LiveSession session, SessionState end, String reason, boolean endOnceTold) {
        List<Future<?>> stops = new ArrayList<>();
        for (ServiceInstance instance : session.instances()) {
            if (session.idle(instance)) {
                // An on-demand service that does not run: stopped and its place released when it went idle.
                session.stopped(instance);
                continue;
            }
            // Marked stopped here, before the session ends: no restart or poll takes it for a crash.
            SpawnHandle handle = session.stopped(instance);
            stops.add(workers.submit(() -> stopOne(session, instance, handle)));
        }
        if (endOnceTold) {
            session.ended(end, reason);
            event(session, null, "closed: every service told to stop");
        }
        for (Future<?> stop : stops) {
            try {
                stop.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                LOG.error("stopping a service of session {} failed", session.id(), e.getCause());
            }
        }
        spawner.sessionEnded(session.id());
        if (!endOnceTold) {
            session.ended(end, reason);
            event(
                    session,
                    null,
                    end == SessionState.CLOSED ? "closed: every service stopped" : "stopped every service");
        }
    }

    private void stopOne(LiveSession session, ServiceInstance instance, SpawnHandle handle) {
        if (handle != null) {
            Optional<Integer> code = spawner.stop(handle, config.stopGrace());
            event(
                    session,
                    instance.name(),
                    instance.name() + " stopped"
                            + code.map(c -> " (exit code " + c + ")").orElse(""));
        }
        planner.release(session, instance);
    }

    /** Forgets a session that is over, once the GSS knows. */
    public void forget(String id) {
        sessions.computeIfPresent(id, (key, session) -> session.phase().isEnded() ? null : session);
    }

    private void pollExits() {
        for (LiveSession session : sessions.values()) {
            for (ServiceInstance instance : session.instances()) {
                Optional<SpawnHandle> handle = session.watched(instance);
                if (handle.isEmpty()) {
                    continue;
                }
                try {
                    Optional<ExitStatus> exit = spawner.poll(handle.get());
                    if (exit.isPresent()) {
                        boolean forHealth = session.stoppedForHealth(instance);
                        // The reason may need the service's log (a call to the API server for a pod): not on the timer.
                        workers.execute(() -> crashed(
                                session,
                                instance,
                                false,
                                forHealth
                                        ? instance.name() + " stopped answering pings"
                                        : exitReason(handle.get(), instance, exit.get(), "unexpectedly"),
                                !forHealth && exit.get().permanent()));
                    }
                } catch (RuntimeException e) {
                    LOG.error("polling {} of session {} failed", instance.name(), session.id(), e);
                }
            }
        }
    }

    private void pingReadyServices() {
        for (LiveSession session : sessions.values()) {
            for (ServiceInstance instance : session.instances()) {
                if (session.watched(instance).isPresent()) {
                    workers.execute(() -> ping(session, instance));
                }
            }
        }
    }

    private void ping(LiveSession session, ServiceInstance instance) {
        SessionServices.Pong pong = services.health(instance.url());
        boolean answered = pong.answered();
        Duration idleLimit = instance.slot().idleStop(config.idleStop());
        if (answered && instance.onDemand() && !pong.busy() && pong.idle().compareTo(idleLimit) >= 0) {
            stopIdle(session, instance, idleLimit);
            return;
        }
        Optional<SpawnHandle> toStop = session.pinged(instance, answered, config.healthFailures());
        if (toStop.isPresent()) {
            event(
                    session,
                    instance.name(),
                    instance.name() + " did not answer " + config.healthFailures() + " pings; stopping it");
            // Its exit is then seen by the poll and handled like any other unexpected stop.
            spawner.stop(toStop.get(), config.stopGrace());
        }
    }

    /** Stops an on-demand service that had no request and no running job for its idle time. */
    private void stopIdle(LiveSession session, ServiceInstance instance, Duration idleLimit) {
        String why = "idle for " + ExitReasons.seconds(idleLimit);
        Optional<SpawnHandle> handle = session.idleStop(instance, instance.name() + " stopped: " + why);
        if (handle.isEmpty()) {
            return;
        }
        event(
                session,
                instance.name(),
                "stopping " + instance.name() + ": " + why + "; it starts again when next demanded");
        Optional<Integer> code = spawner.stop(handle.get(), config.stopGrace());
        planner.release(session, instance);
        event(
                session,
                instance.name(),
                instance.name() + " stopped"
                        + code.map(c -> " (exit code " + c + ")").orElse(""));
    }

    private void event(LiveSession session, String service, String message) {
        session.event(service, message);
        changed(session);
    }

    private void changed(LiveSession session) {
        try {
            observer.changed(session);
        } catch (RuntimeException e) {
            LOG.error("a session observer failed for session {}", session.id(), e);
        }
    }

    /**
     * Takes over a session found after an LSS restart: its services that still run are watched
     * again and re-sent {@code Run}; those gone are restarted by the policy. A session that was
     * still starting or closing is stopped: its start cannot be resumed half-way.
     *
     * @param lastSeq the session's newest event number before the restart
     * @param phase   its state before the restart
     */
    public LiveSession adopt(
            String id,
            String project,
            String user,
            String type,
            Instant createdAt,
            long lastSeq,
            SessionState phase,
            List<RecoveredService> recovered) {
        LiveSession session = new LiveSession(
                id,
                project,
                user,
                type,
                recovered.stream().map(RecoveredService::slot).toList(),
                createdAt,
                clock);
        session.continueNumberingAfter(lastSeq);
        session.takenOver(recovered, clock.instant());
        List<ServiceInstance> gone = new ArrayList<>();
        for (RecoveredService service : recovered) {
            if (service.slot().onDemand() && service.handle().isEmpty()) {
                continue; // idle: placed again when demanded
            }
            planner.reserve(new LaunchPlanner.Placement(service.port(), service.url()));
            if (service.handle().isEmpty()) {
                gone.add(session.instance(service.slot().name()).orElseThrow());
            }
        }
        sessions.put(id, session);
        event(
                session,
                null,
                "taken over by the restarted LSS: " + (recovered.size() - gone.size()) + " of " + recovered.size()
                        + " services still run");
        if (phase == SessionState.STARTING || phase == SessionState.CLOSING) {
            fail(
                    session,
                    "the LSS restarted while the session was " + phase.name().toLowerCase(Locale.ROOT));
        } else if (gone.isEmpty() && session.claimRunBroadcast()) {
            workers.execute(() -> broadcastRun(session));
        } else {
            for (ServiceInstance instance : gone) {
                workers.execute(() -> crashed(
                        session, instance, false, instance.name() + " was gone after the LSS restarted", false));
            }
        }
        return session;
    }

    /**
     * Stops supervising. With {@code stopSessions}, every session's services are stopped
     * first (the local level, where nothing may outlive the platform); without, they keep
     * running for a restarted LSS to take over (Kubernetes rolling updates). The budget is
     * real time: it bounds how long the process waits for its threads.
     */
    public void shutdown(boolean stopSessions, Duration budget) {
        timer.close();
        long deadline = System.nanoTime() + budget.toNanos();
        if (stopSessions) {
            List<Future<?>> stops = new ArrayList<>();
            for (LiveSession session : sessions.values()) {
                if (session.beginClosing(null)) {
                    event(session, null, "closing: the LSS is stopping");
                    stops.add(workers.submit(() -> stopAll(session, SessionState.CLOSED, "the LSS stopped", false)));
                }
            }
            for (Future<?> stop : stops) {
                try {
                    stop.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    LOG.warn("sessions did not stop within {} ms", budget.toMillis());
                    break;
                } catch (ExecutionException e) {
                    LOG.error("stopping a session failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        workers.shutdownNow();
    }

    @Override
    public void close() {
        shutdown(true, config.stopGrace().plusSeconds(5));
    }
}
