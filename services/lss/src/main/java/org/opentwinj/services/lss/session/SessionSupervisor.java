package org.opentwinj.services.lss.session;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.launcher.session.ConfirmRequest;
import org.opentwinj.platform.launcher.session.RunRequest;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.spawner.ExitStatus;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.platform.spawner.Spawner;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LSS core: it owns the policy of every session on this LSS, whatever the spawner. It
 * starts a session's services, waits for each to confirm within the confirm timeout,
 * broadcasts {@code Run}, pings them, restarts one that stops unexpectedly with exponential
 * back-off up to a limit (then fails the session with a reason), and stops everything when
 * the session closes. Spawners only launch, poll and stop.
 */
public final class SessionSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSupervisor.class);
    /** How soon a refused start may be tried again while other sessions are starting. */
    static final Duration SPAWN_RETRY_AFTER = Duration.ofSeconds(2);

    private final Spawner<?> spawner;
    private final LaunchPlanner<?> planner;
    /** Runs the planner's request with the spawner: both take the same kind of request. */
    private final Starter starter;
    private final SessionServices services;
    private final SupervisorConfig config;
    private final SessionObserver observer;
    private final Clock clock;
    private final java.util.function.Supplier<URI> relayUrl;
    private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger starting = new AtomicInteger();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer;

    /**
     * @param relayUrl the relay session services push to, as last told by the GSS (may give null)
     */
    public <R extends SpawnRequest> SessionSupervisor(Spawner<R> spawner, LaunchPlanner<R> planner, SessionServices services,
            SupervisorConfig config, SessionObserver observer, Clock clock, java.util.function.Supplier<URI> relayUrl) {
        this.spawner = spawner;
        this.planner = planner;
        this.starter = (session, instance, progress) -> spawner.start(planner.plan(session, instance), progress);
        this.services = services;
        this.config = config;
        this.observer = observer;
        this.clock = clock;
        this.relayUrl = relayUrl;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lss-supervisor").factory());
        long poll = config.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pollExits, poll, poll, TimeUnit.MILLISECONDS);
        long health = config.healthInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pingReadyServices, health, health, TimeUnit.MILLISECONDS);
    }

    public Collection<LiveSession> sessions() {
        return List.copyOf(sessions.values());
    }

    public Optional<LiveSession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** Sessions not over yet: what counts against capacity and what the GSS is told this LSS runs. */
    public List<String> activeSessionIds() {
        return sessions.values().stream().filter(s -> !s.phase().isOver()).map(LiveSession::id).sorted().toList();
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
            long active = sessions.values().stream().filter(s -> !s.phase().isOver()).count();
            if (active >= config.capacity()) {
                throw new PublicException(503, "this LSS is full (" + active + " of " + config.capacity() + " sessions)");
            }
            if (starting.get() >= config.spawnLimit()) {
                throw PublicException.tooManyRequests(starting.get() + " sessions are starting on this LSS (the limit is "
                        + config.spawnLimit() + "); try again shortly", SPAWN_RETRY_AFTER);
            }
            starting.incrementAndGet();
            LiveSession session = new LiveSession(id, project, user, type, slots, clock.instant(), clock);
            sessions.put(id, session);
            session.event(null, "accepted by this LSS; starting " + slots.size() + " services");
            workers.execute(() -> startAll(session));
            return session;
        }
    }

    private void startAll(LiveSession session) {
        try (LogContext ignored = LogContext.with(LogContext.SESSION, session.id())) {
            List<java.util.concurrent.Future<?>> launches = new ArrayList<>();
            for (ServiceInstance instance : session.instances()) {
                launches.add(workers.submit(() -> firstLaunch(session, instance)));
            }
            for (java.util.concurrent.Future<?> launch : launches) {
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
            LaunchPlanner.Placement placement = planner.place(session, new ServiceSlot(instance.name(), instance.service()));
            synchronized (session) {
                instance.place(placement.port(), placement.url());
            }
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
        if (session.phase().isOver() || session.phase() == SessionPhase.CLOSING) {
            return;
        }
        event(session, instance.name(), firstStart ? "starting " + instance.name() : "restarting " + instance.name());
        SpawnHandle handle;
        synchronized (session) {
            instance.expectConfirmation();
        }
        try {
            handle = starter.start(session, instance, progress -> event(session, instance.name(), progress));
        } catch (SpawnException | PublicException e) {
            LOG.warn("could not launch {} of session {}", instance.name(), session.id(), e);
            crashed(session, instance, firstStart, instance.name() + " could not be launched: " + e.getMessage());
            return;
        }
        Instant started = clock.instant();
        synchronized (session) {
            instance.launched(handle, started);
        }
        changed(session);
        Optional<Stop> problem = awaitConfirmation(session, instance, handle);
        if (problem.isPresent()) {
            crashed(session, instance, firstStart, problem.get().reason(), problem.get().permanent());
            return;
        }
        synchronized (session) {
            instance.ready(clock.instant());
        }
        event(session, instance.name(), instance.name() + " ready (" + seconds(Duration.between(started, clock.instant())) + ")");
        if (session.claimRunBroadcast()) {
            broadcastRun(session);
        }
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

    /** Waits for {@code Service.Confirm}; empty when it came, else what went wrong. */
    private Optional<Stop> awaitConfirmation(LiveSession session, ServiceInstance instance, SpawnHandle handle) {
        long deadline = System.nanoTime() + config.confirmTimeout().toNanos();
        java.util.concurrent.CompletableFuture<URI> confirmation;
        synchronized (session) {
            confirmation = instance.confirmation();
        }
        while (true) {
            try {
                confirmation.get(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS);
                // Confirmed; where the spawner knows readiness too (a pod), wait for it as well.
                if (spawner.isReady(handle)) {
                    return Optional.empty();
                }
                throw new TimeoutException("confirmed, not ready yet");
            } catch (TimeoutException e) {
                Optional<ExitStatus> exit = spawner.poll(handle);
                if (exit.isPresent()) {
                    return Optional.of(new Stop(exitReason(handle, instance, exit.get(), "before it was ready"), exit.get().permanent()));
                }
                if (System.nanoTime() >= deadline) {
                    spawner.stop(handle, config.stopGrace());
                    return Stop.of(instance.name() + (confirmation.isDone() ? " confirmed but was not ready within "
                            : " did not confirm within ") + seconds(config.confirmTimeout()));
                }
                if (session.phase() == SessionPhase.CLOSING || session.phase().isOver()) {
                    return Stop.of("the session is closing");
                }
                if (confirmation.isDone() && !pause(Duration.ofMillis(100))) {
                    return Stop.of("interrupted");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Stop.of("interrupted");
            } catch (ExecutionException e) {
                return Stop.of(instance.name() + " confirmation failed: " + e.getCause().getMessage());
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
        if (exit.permanent()) {
            // e.g. "model: image localhost/opentwin/model:0.1.0 cannot be pulled: ...": the same whenever it happens.
            return instance.name() + ": " + exit.reason();
        }
        if (exit.reason() != null) {
            return instance.name() + " " + exit.reason() + " " + when;
        }
        String code = exit.isKnown() ? "exited with code " + exit.code() + codeName(exit.code()) : "exited";
        return instance.name() + " " + code + " " + when + spawner.lastWords(handle).map(words -> ": " + words).orElse("");
    }

    private interface Starter {
        SpawnHandle start(LiveSession session, ServiceInstance instance, java.util.function.Consumer<String> progress);
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String codeName(int code) {
        for (ExitCode exitCode : ExitCode.values()) {
            if (exitCode.code() == code) {
                return " (" + exitCode.name() + ")";
            }
        }
        return code > 128 ? " (signal " + (code - 128) + ")" : "";
    }

    /** Reacts to a service that stopped, did not start or did not confirm. */
    private void crashed(LiveSession session, ServiceInstance instance, boolean firstStart, String reason) {
        crashed(session, instance, firstStart, reason, false);
    }

    /**
     * @param permanent a restart would fail the same way: the session fails at once, without
     *     back-off, as during its first start
     */
    private void crashed(LiveSession session, ServiceInstance instance, boolean firstStart, String reason, boolean permanent) {
        if (session.phase() == SessionPhase.CLOSING || session.phase().isOver()) {
            return;
        }
        if (permanent || (firstStart && session.phase() == SessionPhase.STARTING)) {
            fail(session, reason);
            return;
        }
        Optional<RestartPolicy.Restart> restart;
        synchronized (session) {
            if (instance.state() == InstanceState.RESTARTING || instance.state() == InstanceState.STOPPED) {
                return;
            }
            restart = config.restarts().next(instance.restartsInARow(), instance.lastStart(), clock.instant());
            if (restart.isPresent()) {
                RestartPolicy.Restart next = restart.get();
                var pending = timer.schedule(() -> workers.execute(() -> launch(session, instance, false)),
                        next.delay().toMillis(), TimeUnit.MILLISECONDS);
                instance.restarting(next.number(), pending);
                session.phase(SessionPhase.RECOVERING, null);
            }
        }
        if (restart.isEmpty()) {
            fail(session, reason + "; gave up after " + config.restarts().limit() + " restarts in a row");
            return;
        }
        event(session, instance.name(), reason + "; restarting in " + seconds(restart.get().delay()) + " (restart "
                + restart.get().number() + " of " + config.restarts().limit() + ")");
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
        Map<String, URI> urls = new java.util.TreeMap<>();
        for (ServiceInstance instance : session.instances()) {
            urls.put(instance.name(), instance.url());
        }
        RunRequest run = new RunRequest(session.id(), session.project(), session.user(), urls, relayUrl.get());
        for (ServiceInstance instance : session.instances()) {
            try {
                services.run(instance.url(), run);
            } catch (PeerCallException e) {
                LOG.warn("Run refused by {} of session {}: {}", instance.name(), session.id(), e.getMessage());
                runRefused(session, instance, e.reason());
                return;
            }
        }
        boolean recovered;
        synchronized (session) {
            if (session.phase() == SessionPhase.CLOSING || session.phase().isOver() || !session.allReady()) {
                return;
            }
            recovered = session.phase() == SessionPhase.RECOVERING;
            session.phase(SessionPhase.RUNNING, null);
        }
        event(session, null, recovered ? "running again" : "running");
        LOG.info("session {} of project {} for {} is running", session.id(), session.project(), session.user());
    }

    /**
     * A service that is up but refuses {@code Run} cannot take part: while the session starts
     * that fails it; later the service is stopped and restarted like one that crashed.
     */
    private void runRefused(LiveSession session, ServiceInstance instance, String reason) {
        String why = instance.name() + " refused Run: " + reason;
        if (session.phase() == SessionPhase.STARTING) {
            fail(session, why);
            return;
        }
        SpawnHandle handle;
        synchronized (session) {
            handle = instance.handle();
        }
        if (handle != null) {
            spawner.stop(handle, config.stopGrace());
        }
        crashed(session, instance, false, why);
    }

    /**
     * {@code Service.Confirm} from a session service.
     *
     * @param peer the subject of the certificate it presented
     * @throws PublicException 404 for an unknown session or service, 403 for a certificate
     *     that is not the one issued to it, 409 for a service that is not starting
     */
    public void confirm(ConfirmRequest request, String peer) {
        LiveSession session = sessions.get(request.session());
        if (session == null || session.phase().isOver()) {
            throw PublicException.notFound("no session " + request.session() + " on this LSS");
        }
        ServiceInstance instance = session.instance(request.service())
                .orElseThrow(() -> PublicException.notFound("session " + request.session() + " has no service " + request.service()));
        String expected = planner.certificateSubject(session, new ServiceSlot(instance.name(), instance.service()));
        if (peer == null || !peer.contains("CN=" + expected)) {
            LOG.warn("refused Service.Confirm for {} of session {} from {}", instance.name(), session.id(), peer);
            throw PublicException.forbidden("this certificate was not issued to " + request.service() + " of session " + request.session());
        }
        synchronized (session) {
            if (!request.url().equals(instance.url())) {
                throw PublicException.conflict(request.service() + " must serve at " + instance.url() + ", not " + request.url());
            }
            instance.confirmation().complete(request.url());
        }
    }

    /** Stops a session in the background; its services get SIGTERM, then are killed after the grace period. */
    public void stop(String id, String why) {
        LiveSession session = sessions.get(id);
        if (session == null) {
            throw PublicException.notFound("no session " + id + " on this LSS");
        }
        synchronized (session) {
            if (session.phase() == SessionPhase.CLOSING || session.phase().isOver()) {
                return;
            }
            session.phase(SessionPhase.CLOSING, null);
        }
        event(session, null, "closing: " + why);
        workers.execute(() -> stopAll(session, SessionPhase.CLOSED, why));
    }

    private void fail(LiveSession session, String reason) {
        synchronized (session) {
            if (session.phase() == SessionPhase.CLOSING || session.phase().isOver()) {
                return;
            }
            session.phase(SessionPhase.CLOSING, reason);
        }
        LOG.warn("session {} failed: {}", session.id(), reason);
        event(session, null, "failed: " + reason);
        workers.execute(() -> stopAll(session, SessionPhase.FAILED, reason));
    }

    private void stopAll(LiveSession session, SessionPhase end, String reason) {
        List<java.util.concurrent.Future<?>> stops = new ArrayList<>();
        for (ServiceInstance instance : session.instances()) {
            stops.add(workers.submit(() -> stopOne(session, instance)));
        }
        for (java.util.concurrent.Future<?> stop : stops) {
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
        synchronized (session) {
            session.phase(end, reason);
        }
        event(session, null, end == SessionPhase.CLOSED ? "closed: every service stopped" : "stopped every service");
    }

    private void stopOne(LiveSession session, ServiceInstance instance) {
        SpawnHandle handle;
        synchronized (session) {
            handle = instance.handle();
            instance.stopped();
        }
        if (handle != null) {
            Optional<Integer> code = spawner.stop(handle, config.stopGrace());
            event(session, instance.name(), instance.name() + " stopped" + code.map(c -> " (exit code " + c + ")").orElse(""));
        }
        planner.release(session, instance);
    }

    /** Forgets a session that is over, once the GSS knows. */
    public void forget(String id) {
        sessions.computeIfPresent(id, (key, session) -> session.phase().isOver() ? null : session);
    }

    private void pollExits() {
        for (LiveSession session : sessions.values()) {
            for (ServiceInstance instance : session.instances()) {
                SpawnHandle handle;
                synchronized (session) {
                    if (instance.state() != InstanceState.READY || session.phase() == SessionPhase.CLOSING || session.phase().isOver()) {
                        continue;
                    }
                    handle = instance.handle();
                }
                try {
                    Optional<ExitStatus> exit = spawner.poll(handle);
                    if (exit.isPresent()) {
                        boolean forHealth = instance.stoppedForHealth();
                        // The reason may need the service's log (a call to the API server for a pod): not on the timer.
                        workers.execute(() -> crashed(session, instance, false, forHealth ? instance.name() + " stopped answering pings"
                                : exitReason(handle, instance, exit.get(), "unexpectedly"), !forHealth && exit.get().permanent()));
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
                if (instance.state() == InstanceState.READY && session.phase() != SessionPhase.CLOSING && !session.phase().isOver()) {
                    workers.execute(() -> ping(session, instance));
                }
            }
        }
    }

    private void ping(LiveSession session, ServiceInstance instance) {
        boolean answered = services.ping(instance.url());
        SpawnHandle toStop = null;
        synchronized (session) {
            if (instance.state() != InstanceState.READY) {
                return;
            }
            if (answered) {
                instance.pingAnswered();
            } else if (instance.pingFailed(config.healthFailures())) {
                toStop = instance.handle();
            }
        }
        if (toStop != null) {
            event(session, instance.name(), instance.name() + " did not answer " + config.healthFailures() + " pings; stopping it");
            // Its exit is then seen by the poll and handled like any other unexpected stop.
            spawner.stop(toStop, config.stopGrace());
        }
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
     * @param phase   its phase before the restart
     */
    public LiveSession adopt(String id, String project, String user, String type, Instant createdAt, long lastSeq,
            SessionPhase phase, List<RecoveredService> recovered) {
        LiveSession session = new LiveSession(id, project, user, type,
                recovered.stream().map(RecoveredService::slot).toList(), createdAt, clock);
        session.continueNumberingAfter(lastSeq);
        List<ServiceInstance> gone = new ArrayList<>();
        synchronized (session) {
            session.phase(SessionPhase.RECOVERING, null);
            for (RecoveredService service : recovered) {
                ServiceInstance instance = session.instance(service.slot().name()).orElseThrow();
                instance.place(service.port(), service.url());
                planner.reserve(new LaunchPlanner.Placement(service.port(), service.url()));
                instance.reattached(service.handle().orElse(null), service.restarts(), service.lastStart() == null ? clock.instant() : service.lastStart());
                if (service.handle().isEmpty()) {
                    gone.add(instance);
                }
            }
        }
        sessions.put(id, session);
        event(session, null, "taken over by the restarted LSS: " + (recovered.size() - gone.size()) + " of " + recovered.size()
                + " services still run");
        if (phase == SessionPhase.STARTING || phase == SessionPhase.CLOSING) {
            fail(session, "the LSS restarted while the session was " + phase.name().toLowerCase(java.util.Locale.ROOT));
        } else if (gone.isEmpty() && session.claimRunBroadcast()) {
            workers.execute(() -> broadcastRun(session));
        } else {
            for (ServiceInstance instance : gone) {
                workers.execute(() -> crashed(session, instance, false, instance.name() + " was gone after the LSS restarted"));
            }
        }
        return session;
    }

    /**
     * Stops supervising. With {@code stopSessions}, every session's services are stopped
     * first (the local level, where nothing may outlive the platform); without, they keep
     * running for a restarted LSS to take over (Kubernetes rolling updates).
     */
    public void shutdown(boolean stopSessions, Duration budget) {
        timer.shutdownNow();
        long deadline = System.nanoTime() + budget.toNanos();
        if (stopSessions) {
            List<java.util.concurrent.Future<?>> stops = new ArrayList<>();
            for (LiveSession session : sessions.values()) {
                boolean stoppable;
                synchronized (session) {
                    stoppable = session.phase() != SessionPhase.CLOSING && !session.phase().isOver();
                    if (stoppable) {
                        session.phase(SessionPhase.CLOSING, null);
                    }
                }
                if (stoppable) {
                    event(session, null, "closing: the LSS is stopping");
                    stops.add(workers.submit(() -> stopAll(session, SessionPhase.CLOSED, "the LSS stopped")));
                }
            }
            for (java.util.concurrent.Future<?> stop : stops) {
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
