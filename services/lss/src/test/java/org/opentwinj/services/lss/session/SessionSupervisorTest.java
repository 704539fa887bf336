package org.opentwinj.services.lss.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.session.SessionEvent;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.platform.supervision.RestartPolicy;
import org.opentwinj.platform.testing.TestClock;
import org.opentwinj.services.lss.pool.ServicePool;
import org.opentwinj.services.lss.session.FakeServices.Behaviour;

/**
 * The LSS core with fake services that start slowly, never confirm, crash or hang. Tests about
 * time (confirm timeout, back-off, health pings) run on a {@link TestClock} they move forward.
 */
class SessionSupervisorTest {
    private static final RestartPolicy FAST_RESTARTS =
            new RestartPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(10), 3);
    private static final List<ServiceSlot> THREE = List.of(
            new ServiceSlot("model", "model"),
            new ServiceSlot("mesh", "cartesian-mesh"),
            new ServiceSlot("solver", "fittd"));

    private final FakeServices fakes = new FakeServices();
    private final List<String> changes = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sessionNumber = new AtomicInteger();
    private static final SupervisorConfig CONFIG = new SupervisorConfig(
            2,
            2,
            Duration.ofMillis(700),
            Duration.ofSeconds(1),
            Duration.ofMillis(20),
            Duration.ofMillis(50),
            2,
            FAST_RESTARTS);
    private final TestClock clock = new TestClock();
    private SessionSupervisor supervisor = supervisor(CONFIG);

    private SessionSupervisor supervisor(SupervisorConfig config) {
        return supervisor(config, Clock.systemUTC());
    }

    private SessionSupervisor supervisor(SupervisorConfig config, Clock time) {
        SessionSupervisor created = new SessionSupervisor(
                fakes,
                fakes,
                fakes,
                config,
                session -> changes.add(session.id()),
                time,
                () -> URI.create("https://relay:8094"));
        fakes.supervisor = created;
        return created;
    }

    /** Supervises by the test clock from now on: nothing timed happens until the test moves it. */
    private void onTestClock() {
        supervisor.shutdown(true, Duration.ofSeconds(1));
        supervisor = supervisor(CONFIG, clock);
    }

    /**
     * Moves the test clock on in steps until the condition holds, so that confirm deadlines,
     * back-off delays, exit polls and pings come due without the test sleeping.
     */
    private void advanceUntil(Duration step, Callable<Boolean> condition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    clock.advance(step);
                    return condition.call();
                });
    }

    @AfterEach
    void stop() {
        supervisor.shutdown(true, Duration.ofSeconds(5));
        fakes.close();
    }

    private LiveSession start(List<ServiceSlot> slots) {
        return supervisor.start("s" + sessionNumber.incrementAndGet(), "p1", "alice", "em3d", slots);
    }

    private static void awaitPhase(LiveSession session, SessionState phase) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == phase);
        if (phase == SessionState.RUNNING) {
            // The event saying so follows the phase change.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() ->
                            messages(session).stream().anyMatch(m -> m.equals("running") || m.equals("running again")));
        }
    }

    private static List<String> messages(LiveSession session) {
        return session.eventsAfter(0).stream().map(SessionEvent::message).toList();
    }

    @Test
    void everyServiceConfirmsThenAllGetRunWithEveryUrl() {
        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.RUNNING);

        assertThat(fakes.runs).hasSize(3).allSatisfy(run -> {
            assertThat(run.session()).isEqualTo(session.id());
            assertThat(run.user()).isEqualTo("alice");
            assertThat(run.services()).containsOnlyKeys("model", "mesh", "solver");
            assertThat(run.relayUrl()).isEqualTo(URI.create("https://relay:8094"));
        });
        assertThat(messages(session))
                .contains("starting model", "starting mesh", "starting solver")
                .endsWith("running")
                .anyMatch(m -> m.matches("mesh: process \\d+ started"))
                .anyMatch(m -> m.matches("solver ready \\(\\d+\\.\\d s\\)"));
        assertThat(messages(session).stream()
                        .filter(m -> m.startsWith("model ready"))
                        .toList())
                .hasSize(1);
        assertThat(changes).contains(session.id());
    }

    @Test
    void aConfirmedServiceIsReadyOnlyWhenTheSpawnerSaysSoToo() {
        fakes.podsReady = false;
        supervisor.shutdown(true, Duration.ofSeconds(1));
        supervisor = supervisor(new SupervisorConfig(
                2,
                2,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofMillis(20),
                Duration.ofMillis(50),
                2,
                FAST_RESTARTS));
        LiveSession session = start(List.of(new ServiceSlot("model", "model")));
        // Confirmed, and the spawner was asked (and said no) more than once.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fakes.readinessChecks.get() >= 3);
        assertThat(session.phase()).isEqualTo(SessionState.STARTING);
        fakes.podsReady = true;
        awaitPhase(session, SessionState.RUNNING);
        supervisor.stop(session.id(), "done");
        awaitPhase(session, SessionState.CLOSED);
        assertThat(fakes.endedSessions).containsExactly(session.id());
    }

    @Test
    void aSlowServiceIsWaitedFor() {
        fakes.behave("mesh", Behaviour.SLOW);
        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.RUNNING);
        List<String> messages = messages(session);
        assertThat(messages.indexOf("running"))
                .isGreaterThan(messages.stream()
                        .filter(m -> m.startsWith("mesh ready"))
                        .map(messages::indexOf)
                        .findFirst()
                        .orElseThrow());
    }

    @Test
    void aServiceThatNeverConfirmsFailsTheSessionAndEverythingStops() {
        onTestClock();
        fakes.behave("solver", Behaviour.NEVER_READY);
        LiveSession session = start(THREE);
        advanceUntil(Duration.ofMillis(100), () -> session.phase().isEnded());
        awaitPhase(session, SessionState.FAILED);
        assertThat(session.reason()).isEqualTo("solver did not confirm within 0.7 s");
        assertThat(fakes.running()).isZero();
        assertThat(fakes.portsInUse).isEmpty();
        assertThat(fakes.runs).isEmpty();
        assertThat(messages(session)).contains("failed: solver did not confirm within 0.7 s", "stopped every service");
    }

    @Test
    void aServiceThatCrashesAtStartFailsTheSessionAtOnceWithItsReason() {
        fakes.behave("mesh", Behaviour.CRASHES_AT_START);
        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.FAILED);
        assertThat(session.reason())
                .isEqualTo("mesh exited with code 2 (INVALID_CONFIGURATION) before it was ready: invalid --frobnicate");
        assertThat(fakes.starts).containsOnlyOnce("mesh");
        assertThat(fakes.running()).isZero();
    }

    @Test
    void aServiceThatRefusesRunFailsTheStartingSession() {
        fakes.behave("solver", Behaviour.REFUSES_RUN);
        // The model confirms last and gets Run in its reply; the others get it sent, and solver refuses it.
        fakes.behave("model", Behaviour.SLOW);
        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.FAILED);
        assertThat(session.reason()).isEqualTo("solver refused Run: not in this session");
        assertThat(fakes.running()).isZero();
    }

    @Test
    void aCrashedServiceIsRestartedWithDoublingDelaysThenTheSessionFails() {
        onTestClock();
        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.RUNNING);
        fakes.behave("solver", Behaviour.CRASHES_WHEN_RUNNING);
        fakes.kill(session.id(), "solver");

        advanceUntil(Duration.ofMillis(50), () -> session.phase().isEnded());
        awaitPhase(session, SessionState.FAILED);
        List<String> restarts = messages(session).stream()
                .filter(m -> m.contains("restarting in"))
                .toList();
        assertThat(restarts).hasSize(3);
        assertThat(restarts.get(0))
                .startsWith(
                        "solver exited with code 137 (signal 9) unexpectedly; restarting in 0.1 s (restart 1 of 3)");
        assertThat(restarts.get(1))
                .startsWith(
                        "solver exited with code 1 (INTERNAL_ERROR) unexpectedly; restarting in 0.2 s (restart 2 of 3)");
        assertThat(restarts.get(2)).contains("restarting in 0.4 s (restart 3 of 3)");
        assertThat(session.reason())
                .isEqualTo(
                        "solver exited with code 1 (INTERNAL_ERROR) unexpectedly; gave up after 3 restarts in a row");
        assertThat(fakes.starts.stream().filter("solver"::equals)).hasSize(4);
        assertThat(fakes.running()).isZero();
    }

    @Test
    void aRestartedServiceGetsRunAgainAndTheSessionRunsAgain() {
        onTestClock();
        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.RUNNING);
        URI meshUrl = session.instance("mesh").orElseThrow().url();
        fakes.kill(session.id(), "mesh");
        advanceUntil(
                Duration.ofMillis(20),
                () -> messages(session).stream().anyMatch(m -> m.contains("restarting in 0.1 s")));
        assertThat(session.phase()).isEqualTo(SessionState.RECOVERING);
        advanceUntil(Duration.ofMillis(50), () -> messages(session).contains("running again"));
        assertThat(session.phase()).isEqualTo(SessionState.RUNNING);
        assertThat(session.instance("mesh").orElseThrow().url())
                .as("a restart keeps the URL")
                .isEqualTo(meshUrl);
        assertThat(fakes.runs).hasSize(6);
    }

    @Test
    void aServiceThatStopsAnsweringPingsIsRestarted() {
        onTestClock();
        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.RUNNING);
        fakes.behave("model", Behaviour.HANGS);
        advanceUntil(
                Duration.ofMillis(50), () -> messages(session).contains("model did not answer 2 pings; stopping it"));
        fakes.behave("model", Behaviour.GOOD);
        advanceUntil(Duration.ofMillis(50), () -> messages(session).contains("running again"));
        assertThat(messages(session)).anyMatch(m -> m.startsWith("model stopped answering pings; restarting in"));
    }

    @Test
    void capacityAndTheSpawnLimitAreEnforced() {
        fakes.behave("model", Behaviour.SLOW);
        fakes.slowDelay = Duration.ofMillis(500);
        List<ServiceSlot> one = List.of(new ServiceSlot("model", "model"));
        LiveSession first = start(one);
        LiveSession second = start(one);
        assertThatThrownBy(() -> start(one)).isInstanceOfSatisfying(PublicException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).contains("this LSS is full (2 of 2 sessions)");
        });
        awaitPhase(first, SessionState.RUNNING);
        awaitPhase(second, SessionState.RUNNING);
        supervisor.stop(first.id(), "done");
        awaitPhase(first, SessionState.CLOSED);
        assertThat(start(one).phase()).isEqualTo(SessionState.STARTING);
    }

    @Test
    void tooManySessionsStartingAtOnceGet429WithRetryAfter() {
        supervisor.shutdown(true, Duration.ofSeconds(1));
        supervisor = supervisor(new SupervisorConfig(
                10,
                1,
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofMillis(20),
                Duration.ofSeconds(10),
                2,
                FAST_RESTARTS));
        fakes.behave("model", Behaviour.SLOW);
        List<ServiceSlot> one = List.of(new ServiceSlot("model", "model"));
        LiveSession first = start(one);
        assertThatThrownBy(() -> start(one)).isInstanceOfSatisfying(PublicException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(SessionSupervisor.SPAWN_RETRY_AFTER);
        });
        awaitPhase(first, SessionState.RUNNING);
        assertThat(start(one)).isNotNull();
    }

    @Test
    void closingStopsEveryServiceAndFreesItsPorts() {
        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.RUNNING);
        assertThat(fakes.portsInUse).hasSize(3);
        supervisor.stop(session.id(), "closed as its user asked");
        awaitPhase(session, SessionState.CLOSED);
        // Closed once every service was told to stop; they exit, and their ports are freed, in the background.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> fakes.running() == 0
                        && fakes.portsInUse.isEmpty()
                        && fakes.endedSessions.contains(session.id()));
        assertThat(messages(session))
                .contains(
                        "closing: closed as its user asked",
                        "closed: every service told to stop",
                        "model stopped (exit code 0)");
        supervisor.forget(session.id());
        assertThat(supervisor.find(session.id())).isEmpty();
    }

    @Test
    void closeEndsTheSessionOnceItsServicesAreToldToStopNotOnceTheyHaveExited() {
        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.RUNNING);
        fakes.stopGate = new CountDownLatch(1);

        supervisor.stop(session.id(), "closed as its user asked");
        awaitPhase(session, SessionState.CLOSED);

        assertThat(fakes.running()).as("no service has exited yet").isEqualTo(3);
        assertThat(fakes.portsInUse)
                .as("ports are freed once a service has exited")
                .hasSize(3);
        assertThat(messages(session)).endsWith("closed: every service told to stop");
        assertThat(changes).as("the GSS is told at once").contains(session.id());
        fakes.stopGate.countDown();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> fakes.running() == 0 && fakes.portsInUse.isEmpty());
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> messages(session)
                        .containsAll(List.of("model stopped (exit code 0)", "mesh stopped (exit code 0)")));
        assertThat(session.phase()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void aFailedSessionEndsOnlyOnceEveryServiceHasStopped() {
        fakes.behave("mesh", Behaviour.CRASHES_AT_START);
        fakes.stopGate = new CountDownLatch(1);
        LiveSession session = start(THREE);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.CLOSING);
        assertThat(session.phase()).isEqualTo(SessionState.CLOSING);
        fakes.stopGate.countDown();
        awaitPhase(session, SessionState.FAILED);
        assertThat(fakes.running()).isZero();
        assertThat(messages(session)).endsWith("stopped every service");
    }

    @Test
    void aServiceBecomesAPooledJvmWhenThePoolHasOne() {
        supervisor.shutdown(true, Duration.ofSeconds(1));
        List<String> pooled = Collections.synchronizedList(new ArrayList<>());
        ServicePool pool = new ServicePool() {
            @Override
            public Optional<SpawnHandle> take(SpawnRequest request, Consumer<String> progress) {
                if (!request.service().equals("mesh")) {
                    return Optional.empty();
                }
                pooled.add(request.service());
                progress.accept("mesh: JVM 1 of the warm pool assigned");
                // The fake spawner stands for the JVM the pool started earlier.
                return Optional.of(fakes.start((ProcessRequest) request, step -> {}));
            }

            @Override
            public void close() {}
        };
        supervisor = new SessionSupervisor(
                fakes,
                fakes,
                fakes,
                CONFIG,
                s -> changes.add(s.id()),
                Clock.systemUTC(),
                () -> URI.create("https://relay:8094"),
                pool);
        fakes.supervisor = supervisor;

        LiveSession session = start(THREE);
        awaitPhase(session, SessionState.RUNNING);

        assertThat(pooled).containsExactly("mesh");
        assertThat(messages(session))
                .contains("mesh: JVM 1 of the warm pool assigned")
                .anyMatch(m -> m.matches("model: process \\d+ started"))
                .noneMatch(m -> m.matches("mesh: process \\d+ started"));
    }

    @Test
    void aConfirmationNeedsTheServicesOwnCertificate() {
        fakes.behave("model", Behaviour.NEVER_READY);
        LiveSession session = start(List.of(new ServiceSlot("model", "model")));
        URI url = session.instance("model").map(ServiceInstance::url).orElse(null);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> session.instance("model").orElseThrow().url() != null);
        URI placed = session.instance("model").orElseThrow().url();
        assertThatThrownBy(() -> supervisor.confirm(
                        new ConfirmRequest(session.id(), "model", placed), "CN=mesh." + session.id()))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> supervisor.confirm(new ConfirmRequest("nope", "model", placed), "CN=model.nope"))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> supervisor.confirm(
                        new ConfirmRequest(session.id(), "model", URI.create("https://elsewhere:1")),
                        "CN=model." + session.id()))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(409));
        supervisor.confirm(new ConfirmRequest(session.id(), "model", placed), "CN=model." + session.id());
        awaitPhase(session, SessionState.RUNNING);
        assertThat(url == null || url.equals(placed)).isTrue();
    }

    @Test
    void aRestartedLssTakesOverRunningServicesAndRestartsTheMissingOnes() {
        LiveSession before = start(THREE);
        awaitPhase(before, SessionState.RUNNING);
        List<RecoveredService> found = new ArrayList<>();
        for (ServiceInstance instance : before.instances()) {
            found.add(new RecoveredService(
                    new ServiceSlot(instance.name(), instance.service()),
                    instance.port(),
                    instance.url(),
                    fakes.reattach(instance.handle().state()),
                    0,
                    Instant.now()));
        }
        // The old LSS dies without stopping anything; one of its services dies too.
        supervisor.shutdown(false, Duration.ofSeconds(1));
        fakes.kill(before.id(), "mesh");
        supervisor = supervisor(new SupervisorConfig(
                2,
                2,
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofMillis(20),
                Duration.ofMillis(50),
                2,
                FAST_RESTARTS));
        List<RecoveredService> recovered = found.stream()
                .map(s -> new RecoveredService(
                        s.slot(),
                        s.port(),
                        s.url(),
                        s.slot().name().equals("mesh") ? Optional.empty() : s.handle(),
                        0,
                        s.lastStart()))
                .toList();

        LiveSession after = supervisor.adopt(
                before.id(),
                "p1",
                "alice",
                "em3d",
                before.createdAt(),
                before.lastSeq(),
                SessionState.RUNNING,
                recovered);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> messages(after).contains("running again"));
        assertThat(after.eventsAfter(0).getFirst().seq()).isGreaterThan(before.lastSeq());
        assertThat(messages(after).getFirst()).isEqualTo("taken over by the restarted LSS: 2 of 3 services still run");
        assertThat(messages(after)).anyMatch(m -> m.startsWith("mesh was gone after the LSS restarted; restarting in"));
        assertThat(after.instance("mesh").orElseThrow().url())
                .isEqualTo(before.instance("mesh").orElseThrow().url());
        assertThat(fakes.running()).isEqualTo(3);
    }

    @Test
    void aSessionThatWasStartingWhenTheLssRestartedIsFailed() {
        List<RecoveredService> none = List.of(new RecoveredService(
                new ServiceSlot("model", "model"),
                31000,
                URI.create("https://127.0.0.1:31000"),
                Optional.empty(),
                0,
                Instant.now()));
        LiveSession session =
                supervisor.adopt("s9", "p1", "alice", "em3d", Instant.now(), 4, SessionState.STARTING, none);
        awaitPhase(session, SessionState.FAILED);
        assertThat(session.reason()).isEqualTo("the LSS restarted while the session was starting");
        assertThat(Map.of("ports", fakes.portsInUse)).isEqualTo(Map.of("ports", java.util.Set.of()));
    }
}
