package org.opentwinj.services.lss.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;
import org.opentwinj.platform.session.ServiceExitedRequest;
import org.opentwinj.platform.session.ServiceState;
import org.opentwinj.platform.session.SessionEvent;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.supervision.RestartPolicy;
import org.opentwinj.services.lss.session.FakeServices.Behaviour;

/**
 * Services started on demand: not at open, by the first demand, answered once ready, stopped
 * once idle; {@code Run} in the reply to {@code Service.Confirm}; the catalogue kept from the
 * confirmation; the Model told when a service exits.
 */
class OnDemandServicesTest {
    private static final List<ServiceSlot> MODEL_AND_ECHO =
            List.of(new ServiceSlot("model", "model"), ServiceSlot.onDemand("echo", "echo"));
    private static final SupervisorConfig CONFIG = new SupervisorConfig(
            4,
            4,
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofMillis(20),
            Duration.ofMillis(50),
            2,
            new RestartPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(10), 3),
            Duration.ofMinutes(10));

    private final FakeServices fakes = new FakeServices();
    private final AtomicInteger sessionNumber = new AtomicInteger();
    private final SessionSupervisor supervisor = new SessionSupervisor(
            fakes, fakes, fakes, CONFIG, session -> {}, Clock.systemUTC(), () -> URI.create("https://relay:8094"));

    {
        fakes.supervisor = supervisor;
    }

    @AfterEach
    void stop() {
        supervisor.shutdown(true, Duration.ofSeconds(5));
        fakes.close();
    }

    private LiveSession running(List<ServiceSlot> slots) {
        LiveSession session = supervisor.start("s" + sessionNumber.incrementAndGet(), "p1", "alice", "compute", slots);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> messages(session).contains("running"));
        return session;
    }

    private static List<String> messages(LiveSession session) {
        return session.eventsAfter(0).stream().map(SessionEvent::message).toList();
    }

    private static LiveSession.ServiceSnapshot service(LiveSession session, String name) {
        return session.snapshot(0).services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private int pings(String service) {
        AtomicInteger count = fakes.pings.get(service);
        return count == null ? 0 : count.get();
    }

    @Test
    void anOnDemandServiceIsNotStartedAtOpenAndTheSessionRunsWithoutIt() {
        LiveSession session = running(MODEL_AND_ECHO);

        assertThat(session.phase()).isEqualTo(SessionState.RUNNING);
        assertThat(fakes.starts).containsExactly("model");
        assertThat(service(session, "echo").state()).isEqualTo(ServiceState.STOPPED);
        assertThat(service(session, "echo").url()).isNull();
        assertThat(messages(session)).contains("accepted by this LSS; starting 1 services (1 more on demand)");
        // The only service started is the last (and first) to confirm: Run comes in its reply.
        assertThat(fakes.runsInReply).containsExactly("model");
        assertThat(fakes.runs)
                .singleElement()
                .satisfies(run -> assertThat(run.services()).containsOnlyKeys("model"));
    }

    @Test
    void theFirstDemandStartsItAndIsAnsweredOnceItIsReadyAndTheOthersLearnItsUrl() {
        LiveSession session = running(MODEL_AND_ECHO);

        DemandReply reply = supervisor.demand(session.id(), "echo");

        assertThat(reply.service()).isEqualTo("echo");
        assertThat(reply.url()).isEqualTo(service(session, "echo").url()).isNotNull();
        assertThat(service(session, "echo").state()).isEqualTo(ServiceState.READY);
        assertThat(fakes.starts).containsExactly("model", "echo");
        assertThat(messages(session))
                .contains("starting echo on demand")
                .anyMatch(m -> m.matches("echo started on demand \\(\\d+\\.\\d s\\)"));
        // echo got Run in its confirmation's reply; the model a new Run that names echo.
        assertThat(fakes.runsInReply).containsExactly("model", "echo");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fakes.runs.size() == 3);
        assertThat(fakes.runs.getLast().services()).containsOnlyKeys("model", "echo");
        assertThat(fakes.runTargets).containsExactly(service(session, "model").url());
        assertThat(session.phase()).isEqualTo(SessionState.RUNNING);

        // A second demand finds it ready: no second start.
        assertThat(supervisor.demand(session.id(), "echo")).isEqualTo(reply);
        assertThat(fakes.starts).containsExactly("model", "echo");
    }

    @Test
    void demandsWhileItStartsWaitForTheSameStart() throws Exception {
        fakes.behave("echo", Behaviour.SLOW);
        LiveSession session = running(MODEL_AND_ECHO);

        CompletableFuture<DemandReply> first =
                CompletableFuture.supplyAsync(() -> supervisor.demand(session.id(), "echo"));
        CompletableFuture<DemandReply> second =
                CompletableFuture.supplyAsync(() -> supervisor.demand(session.id(), "echo"));

        assertThat(first.get()).isEqualTo(second.get());
        assertThat(fakes.starts).containsExactly("model", "echo");
    }

    @Test
    void aServiceThatCannotStartOnDemandIsAnsweredWithTheReasonAndTheSessionRunsOn() {
        fakes.behave("echo", Behaviour.CRASHES_AT_START);
        LiveSession session = running(MODEL_AND_ECHO);

        assertThatThrownBy(() -> supervisor.demand(session.id(), "echo"))
                .isInstanceOfSatisfying(PublicException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage())
                            .startsWith("echo of session " + session.id() + " could not be started: ")
                            .contains("exited with code 2")
                            .contains("invalid --frobnicate");
                });
        assertThat(session.phase()).isEqualTo(SessionState.RUNNING);
        assertThat(service(session, "echo").state()).isEqualTo(ServiceState.STOPPED);
        assertThat(messages(session)).anyMatch(m -> m.startsWith("echo could not start on demand: "));

        // The next demand tries again.
        fakes.behave("echo", Behaviour.GOOD);
        assertThat(supervisor.demand(session.id(), "echo").url()).isNotNull();
        assertThat(fakes.starts).containsExactly("model", "echo", "echo");
    }

    @Test
    void unknownSessionsAndServicesAreRefusedNamingTheServices() {
        LiveSession session = running(MODEL_AND_ECHO);

        assertThatThrownBy(() -> supervisor.demand(session.id(), "mesh"))
                .isInstanceOfSatisfying(PublicException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage())
                            .isEqualTo(
                                    "session " + session.id() + " has no service mesh; its services are: model, echo");
                });
        assertThatThrownBy(() -> supervisor.demand("nope", "echo"))
                .isInstanceOfSatisfying(
                        PublicException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void anIdleOnDemandServiceStopsAndStartsAgainWhenNextDemanded() {
        LiveSession session = running(MODEL_AND_ECHO);
        supervisor.demand(session.id(), "echo");
        int port = service(session, "echo").port();

        fakes.idleFor.put("echo", Duration.ofMinutes(10));

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> service(session, "echo").state() == ServiceState.STOPPED);
        assertThat(messages(session)).contains("stopping echo: idle for 600.0 s; it starts again when next demanded");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !fakes.portsInUse.contains(port));
        assertThat(service(session, "echo").url()).isNull();
        assertThat(session.phase()).isEqualTo(SessionState.RUNNING);
        assertThat(fakes.running()).isEqualTo(1);

        fakes.idleFor.remove("echo");
        assertThat(supervisor.demand(session.id(), "echo").url()).isNotNull();
        assertThat(fakes.starts).containsExactly("model", "echo", "echo");
    }

    @Test
    void closingASessionLeavesAnIdleServiceAloneAndStopsTheRest() {
        LiveSession session = running(MODEL_AND_ECHO);

        supervisor.stop(session.id(), "done");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.CLOSED);
        assertThat(messages(session)).contains("model stopped (exit code 0)").noneMatch(m -> m.startsWith("echo"));
        assertThat(fakes.portsInUse).isEmpty();
    }

    @Test
    void aServiceRunningAJobOrServiceStartedAtOpenIsNeverIdle() {
        LiveSession session = running(MODEL_AND_ECHO);
        supervisor.demand(session.id(), "echo");
        fakes.busy.add("echo");
        fakes.idleFor.put("echo", Duration.ofHours(1));
        fakes.idleFor.put("model", Duration.ofHours(1));
        int pingsBefore = pings("echo");

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> pings("echo") >= pingsBefore + 5 && pings("model") >= 5);

        assertThat(service(session, "echo").state()).isEqualTo(ServiceState.READY);
        assertThat(service(session, "model").state()).isEqualTo(ServiceState.READY);
    }

    @Test
    void aPerServiceIdleTimeOverridesTheLssDefault() {
        LiveSession session = running(List.of(
                new ServiceSlot("model", "model"), new ServiceSlot("echo", "echo", true, Duration.ofSeconds(30))));
        supervisor.demand(session.id(), "echo");
        fakes.idleFor.put("echo", Duration.ofSeconds(31));

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> messages(session)
                        .contains("stopping echo: idle for 30.0 s; it starts again when next demanded"));
    }

    @Test
    void theModelIsToldWhenAServiceExitsUnexpectedly() {
        LiveSession session = running(MODEL_AND_ECHO);
        supervisor.demand(session.id(), "echo");

        fakes.kill(session.id(), "echo");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !fakes.exitedReports.isEmpty());
        ServiceExitedRequest report = fakes.exitedReports.getFirst();
        assertThat(report.service()).isEqualTo("echo");
        assertThat(report.reason()).isEqualTo("echo exited with code 137 (signal 9) unexpectedly");
        // An on-demand service is not restarted: the next demand starts it.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> service(session, "echo").state() == ServiceState.STOPPED);
        assertThat(messages(session)).contains(report.reason() + "; it starts again when next demanded");
        assertThat(session.phase()).isEqualTo(SessionState.RUNNING);
    }

    @Test
    void theCatalogueSentWithServiceConfirmIsKeptPerService() {
        CommandSpec cuboid = new CommandSpec(
                "Shape.Cuboid",
                "Cuboid",
                "Modeling",
                "Create",
                List.of(new ParamSpec(
                        "width",
                        "Width",
                        ParamType.NUMBER,
                        "mm",
                        0.0,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)),
                false,
                "Shape",
                null);
        fakes.catalogues.put("echo", List.of(cuboid));
        LiveSession session = running(MODEL_AND_ECHO);
        assertThat(session.snapshot(0).commands()).isEqualTo(Map.of("model", List.of()));

        supervisor.demand(session.id(), "echo");

        assertThat(session.snapshot(0).commands()).isEqualTo(Map.of("model", List.of(), "echo", List.of(cuboid)));
    }
}
