package org.opentwinj.services.gss;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.transport.action.Reply;

/**
 * How the GSS judges an LSS's liveness (from the heartbeats it received, not from what the
 * database recorded) and waits for a silent LSS for the grace period before its sessions are
 * lost; an LSS that comes back in time keeps its sessions.
 */
class LssGraceTest {
    private final GssHarness gss = new GssHarness();

    @AfterEach
    void close() {
        gss.close();
    }

    private String runningSession(String lss, String project) {
        gss.rights.put(project, Map.of("alice", "owner"));
        String session = gss.ok(gss.asUser("alice", "Session.New", "project", project))
                .path("session")
                .asText();
        report(lss, session, "RUNNING");
        return session;
    }

    private void report(String lss, String session, String state) {
        gss.ok(gss.asService(
                "Session.Report",
                "lss",
                lss,
                "session",
                session,
                "state",
                state,
                "services",
                Map.of("echo", Map.of("url", "https://" + lss + ":9100", "state", "READY")),
                "events",
                List.of()));
    }

    private JsonNode view(String session) {
        return gss.ok(gss.asUser("alice", "Session.Get", "session", session));
    }

    private JsonNode register(String lss, String... sessions) {
        return gss.ok(gss.asService(
                "Lss.Register",
                "lss",
                lss,
                "url",
                GssHarness.url(lss),
                "capacity",
                5,
                "sessionTypes",
                List.of("default"),
                "sessions",
                List.of(sessions)));
    }

    @Test
    void aHeartbeatTheDatabaseRefusedStillCounts() {
        gss.registerLss("a", 5);
        String session = runningSession("a", "p1");

        gss.clock.advance(Duration.ofSeconds(5));
        gss.databaseDown();
        // Refused (the database cannot record it), but received.
        assertThat(gss.asService("Lss.Heartbeat", "lss", "a", "sessions", List.of(session))
                        .httpStatus())
                .isBetween(500, 599);
        gss.databaseBack();
        gss.clock.advance(Duration.ofSeconds(4));
        gss.sweep();

        // 9 s after the last heartbeat the database recorded, 4 s after the last one received: alive.
        JsonNode view = view(session);
        assertThat(view.path("state").asText()).isEqualTo("RUNNING");
        assertThat(view.path("events").findValuesAsText("message"))
                .noneMatch(message -> message.contains("not answering"));
    }

    @Test
    void anLssWaitedForGetsNoNewSessionButOneWhoseHeartbeatWasNotRecordedDoes() {
        gss.registerLss("a", 5);
        runningSession("a", "p1");
        gss.clock.advance(Duration.ofSeconds(7));
        gss.sweep();
        gss.rights.put("p2", Map.of("alice", "owner"));
        // Waited for in its grace period: it keeps its sessions but takes no new one.
        Reply refused = gss.asUser("alice", "Session.New", "project", "p2");
        assertThat(refused.httpStatus()).isEqualTo(503);
        assertThat(refused.body().path("reason").asText()).contains("1 run them: 0 full, 1 without a heartbeat");

        gss.registerLss("b", 5);
        gss.clock.advance(Duration.ofSeconds(5));
        gss.databaseDown();
        assertThat(gss.asService("Lss.Heartbeat", "lss", "b", "sessions", List.of())
                        .httpStatus())
                .isBetween(500, 599);
        gss.databaseBack();
        gss.clock.advance(Duration.ofSeconds(4));
        // Its last recorded heartbeat is 9 s old, but the GSS received one 4 s ago: it is live.
        assertThat(gss.asUser("alice", "Session.New", "project", "p2").httpStatus())
                .isEqualTo(200);
    }

    @Test
    void aSilentLssIsWaitedForAndTakesItsSessionsBackWhenItRegistersAgain() {
        gss.registerLss("a", 5);
        String kept = runningSession("a", "p1");
        String forgotten = runningSession("a", "p2");

        gss.clock.advance(Duration.ofSeconds(7));
        gss.sweep();
        JsonNode waiting = view(kept);
        assertThat(waiting.path("state").asText()).isEqualTo("RECOVERING");
        assertThat(waiting.path("reason").asText())
                .startsWith("its LSS a at https://a:8093 is not answering (no heartbeat for 7 s)")
                .contains("waiting for it to come back until "
                        + gss.clock.instant().minusSeconds(7).plusSeconds(60));
        assertThat(waiting.path("events").findValuesAsText("message"))
                .last()
                .isEqualTo(waiting.path("reason").asText());
        // The project stays taken while the GSS waits.
        assertThat(gss.asUser("alice", "Session.New", "project", "p1").httpStatus())
                .isEqualTo(409);
        // A heartbeat after the GSS gave it up as silent asks it to register (and so report) again.
        assertThat(gss.asService("Lss.Heartbeat", "lss", "a", "sessions", List.of(kept))
                        .httpStatus())
                .isEqualTo(404);

        gss.clock.advance(Duration.ofSeconds(20));
        JsonNode registered = register("a", kept);
        assertThat(registered.path("drop").size()).isZero();
        assertThat(registered.path("lssGraceMs").asLong()).isEqualTo(60_000);
        JsonNode back = view(kept);
        assertThat(back.path("reason").isNull()).isTrue();
        assertThat(back.path("events").findValuesAsText("message"))
                .last()
                .isEqualTo("its LSS a answers again and keeps the session; it reports its state");
        // What it did not take back is gone, at once: nothing was assigned to it while it was silent.
        assertThat(view(forgotten).path("state").asText()).isEqualTo("LOST");
        assertThat(view(forgotten).path("reason").asText()).isEqualTo("its LSS a restarted without it");

        report("a", kept, "RUNNING");
        assertThat(view(kept).path("state").asText()).isEqualTo("RUNNING");
        // Alive again: heartbeats are taken, and later silence is judged afresh.
        gss.clock.advance(Duration.ofSeconds(50));
        gss.ok(gss.asService("Lss.Heartbeat", "lss", "a", "sessions", List.of(kept)));
        gss.clock.advance(Duration.ofSeconds(5));
        gss.sweep();
        assertThat(view(kept).path("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void aSessionReportedBeforeTheLssRegistersAgainStillEndsRunning() {
        gss.registerLss("a", 5);
        String session = runningSession("a", "p1");
        gss.clock.advance(Duration.ofSeconds(7));
        gss.sweep();

        // A restarted LSS's reporter may reach the GSS before its registration does.
        report("a", session, "RUNNING");
        gss.sweep();
        register("a", session);
        report("a", session, "RUNNING");

        JsonNode view = view(session);
        assertThat(view.path("state").asText()).isEqualTo("RUNNING");
        assertThat(view.path("reason").isNull()).isTrue();
    }

    @Test
    void afterTheGracePeriodTheSessionsAreLostAndTheReturningLssDropsThem() {
        gss.registerLss("a", 5);
        String session = runningSession("a", "p1");
        gss.clock.advance(Duration.ofSeconds(30));
        gss.sweep();
        assertThat(view(session).path("state").asText()).isEqualTo("RECOVERING");

        gss.clock.advance(Duration.ofSeconds(31));
        gss.sweep();
        JsonNode lost = view(session);
        assertThat(lost.path("state").asText()).isEqualTo("LOST");
        assertThat(lost.path("reason").asText())
                .isEqualTo("its LSS a at https://a:8093 stopped answering and did not come back within 60 s"
                        + " (no heartbeat for 61 s)");
        // The project is free again.
        assertThat(gss.asUser("alice", "Session.New", "project", "p1").httpStatus())
                .isNotEqualTo(409);
        // Too late: the LSS that comes back must stop the session's services.
        assertThat(register("a", session).path("drop").toString()).contains(session);
    }
}
