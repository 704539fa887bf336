package org.opentwinj.services.lss.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.session.ServiceState;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.supervision.RestartPolicy;
import org.opentwinj.platform.testing.TestClock;

/** A session's transitions and their guards, without a supervisor. */
class LiveSessionTest {
    private static final RestartPolicy POLICY =
            new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofMinutes(10), 2);

    private final TestClock clock = new TestClock();
    private final LiveSession session = new LiveSession(
            "s1",
            "p1",
            "alice",
            "em3d",
            List.of(new ServiceSlot("model", "model"), new ServiceSlot("mesh", "cartesian-mesh")),
            clock.instant(),
            clock);
    private final ServiceInstance model = session.instance("model").orElseThrow();
    private final ServiceInstance mesh = session.instance("mesh").orElseThrow();
    private final AtomicInteger scheduled = new AtomicInteger();

    private LiveSession.AfterCrash crash(ServiceInstance instance) {
        return session.crashed(instance, POLICY, clock.instant(), restart -> {
            scheduled.incrementAndGet();
            return () -> {};
        });
    }

    private void ready(ServiceInstance instance) {
        session.place(instance, 1, URI.create("https://h:1"));
        session.expectConfirmation(instance);
        session.launched(instance, null, clock.instant());
        session.ready(instance, clock.instant());
    }

    @Test
    void theLastServiceToConfirmGetsRunInItsReplyAndWhoeverSeesItsConfirmationKnowsThat() {
        ready(model);
        URI meshUrl = URI.create("https://h:2");
        session.place(mesh, 2, meshUrl);
        session.expectConfirmation(mesh);
        // The supervisor's start thread reacts to the confirmation at once (a broadcast of Run): by
        // then it must see that the reply carries Run, or the service gets Run twice.
        AtomicBoolean seenInReply = new AtomicBoolean();
        session.confirmation(mesh).thenRun(() -> seenInReply.set(session.takeRunInReply(mesh)));

        var run = session.confirm(mesh, meshUrl, List.of(), true);

        assertThat(run).isPresent();
        assertThat(run.get()).containsOnlyKeys("model", "mesh").containsEntry("mesh", meshUrl);
        assertThat(seenInReply).isTrue();
    }

    @Test
    void aServiceThatConfirmsBeforeTheOthersGetsNoRunInItsReply() {
        URI modelUrl = URI.create("https://h:1");
        session.place(model, 1, modelUrl);
        session.expectConfirmation(model);

        assertThat(session.confirm(model, modelUrl, List.of(), true)).isEmpty();
        assertThat(session.takeRunInReply(model)).isFalse();
    }

    @Test
    void itRunsOnlyOnceEveryServiceIsReady() {
        ready(model);
        assertThat(session.running()).isEmpty();
        assertThat(session.phase()).isEqualTo(SessionState.STARTING);
        ready(mesh);
        assertThat(session.running()).contains(false);
        assertThat(session.phase()).isEqualTo(SessionState.RUNNING);
    }

    @Test
    void aCrashSchedulesOneRestartAndTheSessionRecovers() {
        ready(model);
        ready(mesh);
        session.running();

        assertThat(crash(mesh))
                .isEqualTo(new LiveSession.AfterCrash.Restarting(new RestartPolicy.Restart(1, Duration.ofSeconds(1))));
        assertThat(session.phase()).isEqualTo(SessionState.RECOVERING);
        assertThat(mesh.state()).isEqualTo(ServiceState.RESTARTING);
        assertThat(crash(mesh)).as("seen twice, restarted once").isInstanceOf(LiveSession.AfterCrash.Ignore.class);
        assertThat(scheduled).hasValue(1);

        ready(mesh);
        assertThat(session.running()).as("it was recovering").contains(true);
    }

    @Test
    void afterTheLimitOfRestartsItGivesUp() {
        ready(model);
        for (int i = 0; i < POLICY.limit(); i++) {
            assertThat(crash(model)).isInstanceOf(LiveSession.AfterCrash.Restarting.class);
            ready(model);
        }
        assertThat(crash(model)).isInstanceOf(LiveSession.AfterCrash.GiveUp.class);
    }

    @Test
    void onceClosingNothingRestartsRunsOrClosesItAgain() {
        ready(model);
        ready(mesh);
        assertThat(session.beginClosing("mesh refused Run")).isTrue();
        assertThat(session.beginClosing("again")).isFalse();
        assertThat(session.isWindingDown()).isTrue();
        assertThat(crash(model)).isInstanceOf(LiveSession.AfterCrash.Ignore.class);
        assertThat(session.running()).isEmpty();
        assertThat(session.watched(model)).isEmpty();

        session.ended(SessionState.FAILED, null);
        assertThat(session.snapshot(0)).satisfies(snapshot -> {
            assertThat(snapshot.state()).isEqualTo(SessionState.FAILED);
            assertThat(snapshot.reason()).isEqualTo("mesh refused Run");
        });
    }

    @Test
    void aSnapshotHoldsTheEventsAfterTheNumberAsked() {
        session.event(null, "accepted");
        session.event("model", "starting model");

        LiveSession.Snapshot snapshot = session.snapshot(1);

        assertThat(snapshot.lastSeq()).isEqualTo(2);
        assertThat(snapshot.events()).extracting(e -> e.message()).containsExactly("starting model");
        assertThat(snapshot.services())
                .extracting(LiveSession.ServiceSnapshot::name)
                .containsExactly("model", "mesh");
    }
}
