package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;

class TimelineTest {
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    /** Events as Session.Events returns them, with the messages SessionLifecycle and SessionSupervisor write. */
    static List<Timeline.Event> events() throws Exception {
        String json = """
                [{"seq":1,"time":"2026-12-01T10:00:00.010Z","message":"queued"},
                 {"seq":2,"time":"2026-12-01T10:00:00.020Z","message":"assigned to LSS lss-127.0.0.1-4000"},
                 {"seq":3,"time":"2026-12-01T10:00:00.050Z","service":null,"message":"accepted by this LSS; starting 2 services"},
                 {"seq":4,"time":"2026-12-01T10:00:00.060Z","service":"echo-1","message":"starting echo-1"},
                 {"seq":5,"time":"2026-12-01T10:00:00.065Z","service":"echo-2","message":"starting echo-2"},
                 {"seq":6,"time":"2026-12-01T10:00:00.080Z","service":"echo-1","message":"echo-1: process 100 started"},
                 {"seq":7,"time":"2026-12-01T10:00:00.090Z","service":"echo-2","message":"echo-2: process 101 started"},
                 {"seq":8,"time":"2026-12-01T10:00:02.000Z","service":"echo-1","message":"echo-1 ready (1.9 s)"},
                 {"seq":9,"time":"2026-12-01T10:00:02.500Z","service":"echo-2","message":"echo-2 ready (2.4 s)"},
                 {"seq":10,"time":"2026-12-01T10:00:02.700Z","message":"running"}]""";
        return Timeline.events(Json.mapper().readTree(json));
    }

    @Test
    void theSessionPhasesFollowTheEventsAndAddUpToTheWholeTime() throws Exception {
        Map<Phase, Long> phases =
                Timeline.sessionPhases(T, T.plusMillis(2_750), events()).orElseThrow();

        assertThat(phases)
                .containsEntry(Phase.REQUEST, 10_000_000L)
                .containsEntry(Phase.DISPATCH, 40_000_000L)
                .containsEntry(Phase.LAUNCH, 40_000_000L)
                .containsEntry(Phase.BOOT, 2_410_000_000L)
                .containsEntry(Phase.RUN, 200_000_000L)
                .containsEntry(Phase.OBSERVE, 50_000_000L);
        assertThat(phases.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2_750_000_000L);
    }

    @Test
    void perServiceMarksAreTheProcessStartAndTheConfirmation() throws Exception {
        assertThat(Timeline.processStarted(events()))
                .containsOnlyKeys("echo-1", "echo-2")
                .containsEntry("echo-2", Instant.parse("2026-12-01T10:00:00.090Z"));
        assertThat(Timeline.serviceReady(events())).containsEntry("echo-1", Instant.parse("2026-12-01T10:00:02Z"));
    }

    @Test
    void aSessionThatNeverRanHasNoPhases() throws Exception {
        List<Timeline.Event> withoutRunning = events().subList(0, 9);

        assertThat(Timeline.sessionPhases(T, T.plusSeconds(3), withoutRunning)).isEmpty();
        assertThat(Timeline.lastMessage(withoutRunning)).isEqualTo("echo-2 ready (2.4 s)");
        assertThat(Timeline.lastMessage(List.of())).isEqualTo("no events");
    }

    @Test
    void directStartsHaveALaunchAndABootPhase() {
        Map<Phase, Long> phases = Timeline.directPhases(T, T.plusMillis(30), T.plusMillis(2_030));

        assertThat(phases)
                .containsOnlyKeys(Phase.LAUNCH, Phase.BOOT)
                .containsEntry(Phase.LAUNCH, 30_000_000L)
                .containsEntry(Phase.BOOT, 2_000_000_000L);
        assertThat(Phase.LAUNCH.inDirectStart()).isTrue();
        assertThat(Phase.RUN.inDirectStart()).isFalse();
    }
}
