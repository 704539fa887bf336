package org.opentwinj.services.lss.session;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.session.ServiceExitedRequest;
import org.opentwinj.platform.spawner.ExitStatus;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnState;
import org.opentwinj.platform.spawner.Spawner;

/**
 * Fake session services for the supervisor: a spawner whose "processes" confirm (or not),
 * crash and answer pings as each test tells them, a planner that hands out fake ports, and
 * the calls the supervisor makes. Behaviours follow JupyterHub's Mock, Slow, Never and Bad
 * spawners.
 */
final class FakeServices implements Spawner<ProcessRequest>, LaunchPlanner<ProcessRequest>, SessionServices {
    /** How one service behaves, each time it is started. */
    enum Behaviour {
        /** Confirms at once and runs until stopped. */
        GOOD,
        /** Confirms after a delay. */
        SLOW,
        /** Never confirms. */
        NEVER_READY,
        /** Exits with code 2 before it confirms. */
        CRASHES_AT_START,
        /** Confirms, then exits with code 1 shortly after. */
        CRASHES_WHEN_RUNNING,
        /** Confirms, then stops answering pings (but keeps running until stopped). */
        HANGS,
        /** Confirms, then refuses Run. */
        REFUSES_RUN
    }

    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final AtomicInteger pids = new AtomicInteger(1000);
    private final AtomicInteger ports = new AtomicInteger(30000);
    final Set<Integer> portsInUse = ConcurrentHashMap.newKeySet();
    final List<String> starts = Collections.synchronizedList(new ArrayList<>());
    final List<RunRequest> runs = Collections.synchronizedList(new ArrayList<>());
    /** The services that got Run in the reply to their Service.Confirm. */
    final List<String> runsInReply = Collections.synchronizedList(new ArrayList<>());
    /** Where each Run went: the service's URL. */
    final List<URI> runTargets = Collections.synchronizedList(new ArrayList<>());
    /** The catalogue each service sends with Service.Confirm. */
    final Map<String, List<CommandSpec>> catalogues = new ConcurrentHashMap<>();
    /** How long each service says it has been idle when pinged. */
    final Map<String, Duration> idleFor = new ConcurrentHashMap<>();
    /** Pings answered, per service. */
    final Map<String, AtomicInteger> pings = new ConcurrentHashMap<>();
    /** Services that say they run a job when pinged. */
    final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** The Job.ServiceExited the Model services got. */
    final List<ServiceExitedRequest> exitedReports = Collections.synchronizedList(new ArrayList<>());

    volatile Duration slowDelay = Duration.ofMillis(300);
    /** While false, the spawner says no service is ready (a pod whose readiness probe fails). */
    volatile boolean podsReady = true;
    /** How often the supervisor asked whether a service is ready. */
    final AtomicInteger readinessChecks = new AtomicInteger();

    final List<String> endedSessions = Collections.synchronizedList(new ArrayList<>());
    /** Stops wait until it opens: processes that take their time to exit after SIGTERM. */
    volatile CountDownLatch stopGate = new CountDownLatch(0);

    volatile SessionSupervisor supervisor;

    /** One fake process. */
    private static final class Process {
        final String session;
        final String name;
        final URI url;
        volatile Integer exitCode;

        Process(String session, String name, URI url) {
            this.session = session;
            this.name = name;
            this.url = url;
        }
    }

    void behave(String service, Behaviour behaviour) {
        behaviours.put(service, behaviour);
    }

    /** Ends a running service as if killed with SIGKILL. */
    void kill(String session, String service) {
        processes.values().stream()
                .filter(p -> p.session.equals(session) && p.name.equals(service) && p.exitCode == null)
                .forEach(p -> p.exitCode = 137);
    }

    long running() {
        return processes.values().stream().filter(p -> p.exitCode == null).count();
    }

    // Spawner

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public SpawnHandle start(ProcessRequest request, Consumer<String> progress) {
        URI url = URI.create(request.command().get(1));
        String pid = Integer.toString(pids.incrementAndGet());
        Process process = new Process(request.session(), request.service(), url);
        processes.put(pid, process);
        starts.add(request.service());
        progress.accept(request.service() + ": process " + pid + " started");
        Behaviour behaviour = behaviours.getOrDefault(request.service(), Behaviour.GOOD);
        switch (behaviour) {
            case GOOD, HANGS, REFUSES_RUN -> timer.execute(() -> confirm(process));
            case SLOW -> timer.schedule(() -> confirm(process), slowDelay.toMillis(), TimeUnit.MILLISECONDS);
            case NEVER_READY -> {}
            case CRASHES_AT_START -> timer.schedule(() -> process.exitCode = 2, 50, TimeUnit.MILLISECONDS);
            case CRASHES_WHEN_RUNNING -> {
                timer.execute(() -> confirm(process));
                timer.schedule(() -> process.exitCode = 1, 400, TimeUnit.MILLISECONDS);
            }
        }
        return new SpawnHandle(
                request.session(),
                request.service(),
                new SpawnState("fake", Map.of("pid", pid, "behaviour", behaviour.name())));
    }

    private void confirm(Process process) {
        if (process.exitCode == null) {
            // A service runs on the Run in the reply at once, as the launcher's SessionMembership does.
            supervisor
                    .confirmAndRun(
                            new ConfirmRequest(
                                    process.session, process.name, process.url, catalogues.get(process.name)),
                            "CN=" + process.name + "." + process.session)
                    .ifPresent(run -> {
                        runsInReply.add(process.name);
                        runs.add(run);
                    });
        }
    }

    @Override
    public Optional<Integer> stop(SpawnHandle handle, Duration grace) {
        try {
            stopGate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Process process = processes.get(handle.state().values().get("pid"));
        if (process.exitCode == null) {
            process.exitCode = 0;
        }
        return Optional.of(process.exitCode);
    }

    @Override
    public Optional<ExitStatus> poll(SpawnHandle handle) {
        Integer code = processes.get(handle.state().values().get("pid")).exitCode;
        return code == null ? Optional.empty() : Optional.of(new ExitStatus(code));
    }

    @Override
    public boolean isReady(SpawnHandle handle) {
        readinessChecks.incrementAndGet();
        return podsReady;
    }

    /** What a service that crashes at start printed last. */
    @Override
    public Optional<String> lastWords(SpawnHandle handle) {
        return Behaviour.CRASHES_AT_START.name().equals(handle.state().values().get("behaviour"))
                ? Optional.of("invalid --frobnicate")
                : Optional.empty();
    }

    @Override
    public void sessionEnded(String session) {
        endedSessions.add(session);
    }

    @Override
    public Optional<SpawnHandle> reattach(SpawnState state) {
        Process process = processes.get(state.values().get("pid"));
        return process == null || process.exitCode != null
                ? Optional.empty()
                : Optional.of(new SpawnHandle(process.session, process.name, state));
    }

    // LaunchPlanner

    @Override
    public Placement place(LiveSession session, ServiceSlot slot) {
        int port = ports.incrementAndGet();
        portsInUse.add(port);
        return new Placement(port, URI.create("https://127.0.0.1:" + port));
    }

    @Override
    public ProcessRequest plan(LiveSession session, ServiceInstance instance) {
        return new ProcessRequest(
                session.id(),
                instance.name(),
                List.of("fake", instance.url().toString()),
                Map.of(),
                Path.of("/"),
                Path.of("/dev/null"));
    }

    @Override
    public void reserve(Placement placement) {
        portsInUse.add(placement.port());
    }

    @Override
    public void release(LiveSession session, ServiceInstance instance) {
        portsInUse.remove(instance.port());
    }

    @Override
    public String certificateSubject(LiveSession session, ServiceSlot slot) {
        return slot.name() + "." + session.id();
    }

    // SessionServices

    @Override
    public void run(URI service, RunRequest request) {
        boolean refuses = processes.values().stream()
                .anyMatch(p ->
                        p.url.equals(service) && p.exitCode == null && behaviours.get(p.name) == Behaviour.REFUSES_RUN);
        if (refuses) {
            throw new org.opentwinj.platform.transport.client.PeerCallException(
                    service, "Run", 409, "not in this session", null);
        }
        runs.add(request);
        runTargets.add(service);
    }

    @Override
    public boolean ping(URI service) {
        return health(service).answered();
    }

    @Override
    public Pong health(URI service) {
        Optional<Process> process = processes.values().stream()
                .filter(p -> p.url.equals(service) && p.exitCode == null)
                .findFirst();
        if (process.isEmpty()) {
            return Pong.ALIVE; // as before: a service not found here is not counted as hanging
        }
        if (behaviours.get(process.get().name) == Behaviour.HANGS) {
            return Pong.NONE;
        }
        String name = process.get().name;
        pings.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        return new Pong(true, idleFor.getOrDefault(name, Duration.ZERO), busy.contains(name));
    }

    @Override
    public void serviceExited(URI model, ServiceExitedRequest request) {
        exitedReports.add(request);
    }

    void close() {
        timer.shutdownNow();
    }
}
