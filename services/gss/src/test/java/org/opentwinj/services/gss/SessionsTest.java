package org.opentwinj.services.gss;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.transport.action.Reply;
import org.opentwinj.platform.transport.client.PeerCallException;

/** Opening, reporting, closing and losing sessions, as the GSS sees them. */
class SessionsTest {
    private final GssHarness gss = new GssHarness();

    @AfterEach
    void close() {
        gss.close();
    }

    private String open(String user, String project) {
        return gss.ok(gss.asUser(user, "Session.New", "project", project))
                .path("session")
                .asText();
    }

    private void report(String lss, String session, String state, String... events) {
        List<Map<String, Object>> list = new java.util.ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            list.add(Map.of("seq", i + 1, "time", gss.clock.instant().toString(), "message", events[i]));
        }
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
                list));
    }

    @Test
    void aSessionGoesToTheLeastLoadedLiveLssAndHoldsItsProject() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.rights.put("p2", Map.of("alice", "write"));
        gss.rights.put("p3", Map.of("alice", "read"));
        gss.registerLss("small", 2);
        gss.registerLss("large", 4);

        JsonNode first = gss.ok(gss.asUser("alice", "Session.New", "project", "p1"));
        assertThat(first.path("state").asText()).isEqualTo("STARTING");
        assertThat(first.path("lss").asText()).isEqualTo("large");
        assertThat(first.path("relayUrl").asText()).isEqualTo("https://relay.example:443");
        // Both empty: the tie goes by id. Then small (0 of 2) is emptier than large (1 of 4), then large (1 of 4) than
        // small (1 of 2).
        assertThat(gss.ok(gss.asUser("alice", "Session.New", "project", "p2"))
                        .path("lss")
                        .asText())
                .isEqualTo("small");
        assertThat(gss.ok(gss.asUser("alice", "Session.New", "project", "p3"))
                        .path("lss")
                        .asText())
                .isEqualTo("large");
        assertThat(gss.calls).hasSize(3).allMatch(call -> call.startsWith("start "));

        Reply again = gss.asUser("alice", "Session.New", "project", "p1");
        assertThat(again.httpStatus()).isEqualTo(409);
        assertThat(again.body().path("reason").asText())
                .startsWith("the project is already open in your own session since ")
                .doesNotContain(first.path("session").asText());
        assertThat(again.body().path("session").asText())
                .isEqualTo(first.path("session").asText());
        assertThat(again.body().path("openedBy").asText()).isEqualTo("alice");
    }

    @Test
    void aSilentLssIsSkippedAndAFullOneToo() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.rights.put("p2", Map.of("alice", "owner"));
        gss.registerLss("silent", 10);
        gss.clock.advance(Duration.ofSeconds(7));
        gss.registerLss("busy", 1);
        assertThat(gss.ok(gss.asUser("alice", "Session.New", "project", "p1"))
                        .path("lss")
                        .asText())
                .isEqualTo("busy");

        Reply none = gss.asUser("alice", "Session.New", "project", "p2");
        assertThat(none.httpStatus()).isEqualTo(503);
        assertThat(none.body().path("reason").asText())
                .contains("no LSS with room for a 'default' session")
                .contains("(2 run them: 1 full, 1 without a heartbeat within ");
        assertThat(none.body().path("retryAfterSeconds").asInt()).isPositive();
        // The refused open did not keep the project.
        gss.registerLss("fresh", 1);
        assertThat(gss.ok(gss.asUser("alice", "Session.New", "project", "p2"))
                        .path("lss")
                        .asText())
                .isEqualTo("fresh");
    }

    @Test
    void aRefusedSessionSaysWhyNoLssCouldTakeIt() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        Reply noneRegistered = gss.asUser("alice", "Session.New", "project", "p1");
        assertThat(noneRegistered.httpStatus()).isEqualTo(503);
        assertThat(noneRegistered.body().path("reason").asText())
                .isEqualTo("no LSS with room for a 'default' session is available (no LSS is registered); try again"
                        + " later");

        gss.registerLss("lss", 5);
        Reply unknownType = gss.asUser("alice", "Session.New", "project", "p1", "type", "solver");
        // No registered LSS runs it: retrying cannot help, so it is the client's error.
        assertThat(unknownType.httpStatus()).isEqualTo(400);
        assertThat(unknownType.body().path("reason").asText())
                .startsWith("unknown session type 'solver': the registered LSSs run ");
    }

    @Test
    void rightsAreCheckedWithAuth() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("lss", 5);
        assertThat(gss.asUser("bob", "Session.New", "project", "p1").httpStatus())
                .isEqualTo(403);
        assertThat(gss.asUser("bob", "Session.New", "project", "nope").httpStatus())
                .isEqualTo(404);
        assertThat(gss.asUser(null, "Session.New", "project", "p1").httpStatus())
                .isEqualTo(401);
        assertThat(gss.asUser("forged", "Session.New", "project", "p1").httpStatus())
                .isEqualTo(401);
        assertThat(gss.asUser("alice", "Session.New", "project", "p1", "type", "Bad Type")
                        .httpStatus())
                .isEqualTo(400);
    }

    @Test
    void busyLssesGive429WithRetryAfterAndAnUnreachableOneIsPassedOver() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("a", 5);
        gss.registerLss("b", 5);
        gss.lssBehaviour.put(
                GssHarness.url("a"),
                (url, action) -> new PeerCallException(url, action, 429, "busy", Duration.ofSeconds(3), null));
        gss.lssBehaviour.put(
                GssHarness.url("b"),
                (url, action) -> new PeerCallException(url, action, 429, "busy", Duration.ofSeconds(2), null));
        Reply busy = gss.asUser("alice", "Session.New", "project", "p1");
        assertThat(busy.httpStatus()).isEqualTo(429);
        assertThat(busy.body().path("retryAfterSeconds").asInt()).isEqualTo(2);

        gss.lssBehaviour.put(
                GssHarness.url("a"),
                (url, action) -> new PeerCallException(url, action, 0, "connection refused", null));
        gss.lssBehaviour.remove(GssHarness.url("b"));
        assertThat(gss.ok(gss.asUser("alice", "Session.New", "project", "p1"))
                        .path("lss")
                        .asText())
                .isEqualTo("b");
    }

    @Test
    void anUnknownTypeIsTheClientsError() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("a", 5);
        gss.lssBehaviour.put(
                GssHarness.url("a"),
                (url, action) -> new PeerCallException(url, action, 400, "unknown session type 'big'", null));
        Reply reply = gss.asUser("alice", "Session.New", "project", "p1", "type", "big");
        assertThat(reply.httpStatus()).isEqualTo(400);
        assertThat(reply.body().path("reason").asText()).isEqualTo("unknown session type 'big'");
    }

    @Test
    void reportsBecomeEventsStateAndRoutes() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("a", 5);
        String session = open("alice", "p1");
        report("a", session, "STARTING", "starting echo");
        report("a", session, "RUNNING", "starting echo", "echo ready", "running");

        JsonNode view = gss.ok(gss.asUser("alice", "Session.Get", "session", session));
        assertThat(view.path("state").asText()).isEqualTo("RUNNING");
        assertThat(view.path("events").findValuesAsText("message"))
                .containsExactly("queued", "assigned to LSS a", "starting echo", "echo ready", "running");
        assertThat(view.path("events").findValues("seq").stream()
                        .map(JsonNode::asInt)
                        .toList())
                .containsExactly(1, 2, 3, 4, 5);

        JsonNode routes = gss.ok(gss.asService("Session.Routes", "session", session));
        assertThat(routes.path("user").asText()).isEqualTo("alice");
        assertThat(routes.path("services").path("echo").asText()).isEqualTo("https://a:9100");

        assertThat(gss.asService(
                                "Session.Report",
                                "lss",
                                "other",
                                "session",
                                session,
                                "state",
                                "RUNNING",
                                "services",
                                Map.of(),
                                "events",
                                List.of())
                        .httpStatus())
                .isEqualTo(409);
        JsonNode after = gss.ok(gss.asUser("alice", "Session.Events", "session", session, "after", 4));
        assertThat(after.path("events").findValuesAsText("message")).containsExactly("running");
    }

    @Test
    void aLongPollReturnsAsSoonAsAReportArrives() throws Exception {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("a", 5);
        String session = open("alice", "p1");
        long seq = gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                .path("lastSeq")
                .asLong();
        // The clock is the test's: the poll's deadline only passes when the test moves it.
        CompletableFuture<Reply> poll = CompletableFuture.supplyAsync(
                () -> gss.asUser("alice", "Session.Events", "session", session, "after", seq, "waitMs", 5000));
        Thread.sleep(100);
        assertThat(poll).isNotDone();
        report("a", session, "RUNNING", "running");
        JsonNode events = gss.ok(poll.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(events.path("events").findValuesAsText("message")).containsExactly("running");
    }

    @Test
    void closingAsksTheLssAndFreesTheProjectWhenItReportsClosed() {
        gss.rights.put("p1", Map.of("alice", "owner", "bob", "read"));
        gss.registerLss("a", 5);
        String session = open("alice", "p1");
        report("a", session, "RUNNING", "running");

        // Bob may read the project but neither opened the session nor owns the project.
        assertThat(gss.asUser("bob", "Session.Close", "session", session).httpStatus())
                .isEqualTo(403);
        assertThat(gss.ok(gss.asUser("alice", "Session.Close", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("CLOSING");
        assertThat(gss.calls).contains("stop a " + session);
        // A late RUNNING report does not undo the close.
        report("a", session, "RUNNING", "running", "still running");
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("CLOSING");
        assertThat(gss.asUser("bob", "Session.New", "project", "p1").httpStatus())
                .isEqualTo(409);

        report("a", session, "CLOSED", "running", "still running", "closed");
        assertThat(gss.ok(gss.asUser("root", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("CLOSED");
        assertThat(gss.ok(gss.asUser("bob", "Session.New", "project", "p1"))
                        .path("state")
                        .asText())
                .isEqualTo("STARTING");
        assertThat(gss.ok(gss.asUser("alice", "Session.List")).findValuesAsText("session"))
                .doesNotContain(session);
        assertThat(gss.ok(gss.asUser("alice", "Session.List", "all", true)).findValuesAsText("session"))
                .contains(session);
    }

    @Test
    void closingWhileTheLssIsUnreachableClosesAtOnceAndTheLssIsToldToDropItLater() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("a", 5);
        String session = open("alice", "p1");
        gss.lssBehaviour.put(
                GssHarness.url("a"),
                (url, action) -> new PeerCallException(url, action, 0, "connection refused", null));
        JsonNode closed = gss.ok(gss.asUser("alice", "Session.Close", "session", session));
        assertThat(closed.path("state").asText()).isEqualTo("CLOSED");
        assertThat(closed.path("reason").asText()).contains("did not answer");

        JsonNode beat =
                gss.ok(gss.asService("Lss.Heartbeat", "lss", "a", "sessions", List.of(session, "never-heard-of")));
        assertThat(beat.path("drop").toString()).contains(session).contains("never-heard-of");
    }

    @Test
    void anLssSilentForTheGracePeriodIsDroppedAndItsSessionsAreLost() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("a", 5);
        String session = open("alice", "p1");
        report("a", session, "RUNNING", "running");

        gss.clock.advance(Duration.ofSeconds(5));
        gss.ok(gss.asService("Lss.Heartbeat", "lss", "a", "sessions", List.of(session)));
        gss.clock.advance(Duration.ofSeconds(5));
        gss.sweep();
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("RUNNING");

        // Silent past the heartbeat timeout: waited for, not lost.
        gss.clock.advance(Duration.ofSeconds(2));
        gss.sweep();
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("RECOVERING");

        // Silent for the grace period (60 s from the last heartbeat): lost.
        gss.clock.advance(Duration.ofSeconds(52));
        gss.sweep();
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("RECOVERING");
        gss.clock.advance(Duration.ofSeconds(2));
        gss.sweep();
        JsonNode lost = gss.ok(gss.asUser("alice", "Session.Get", "session", session));
        assertThat(lost.path("state").asText()).isEqualTo("LOST");
        assertThat(lost.path("reason").asText())
                .contains("its LSS a at https://a:8093 stopped answering and did not come back within 60 s");
        // The project is free again, and the dropped LSS is told to register again.
        gss.registerLss("b", 5);
        assertThat(gss.ok(gss.asUser("alice", "Session.New", "project", "p1"))
                        .path("lss")
                        .asText())
                .isEqualTo("b");
        assertThat(gss.asService("Lss.Heartbeat", "lss", "a", "sessions", List.of(session))
                        .httpStatus())
                .isEqualTo(404);
        // When it registers again it must drop what the GSS lost.
        JsonNode registered = gss.ok(gss.asService(
                "Lss.Register",
                "lss",
                "a",
                "url",
                GssHarness.url("a"),
                "capacity",
                5,
                "sessionTypes",
                List.of("default"),
                "sessions",
                List.of(session)));
        assertThat(registered.path("drop").toString()).contains(session);
        assertThat(registered.path("relayUrl").asText()).isEqualTo("https://relay:8094");
    }

    @Test
    void aRestartedGssKeepsItsSessionsAndGivesLssesTimeToBeatAgain() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("a", 5);
        String session = open("alice", "p1");
        report("a", session, "RUNNING", "running");

        // Down for a minute: the LSS's last heartbeat is old when the GSS comes back.
        gss.clock.advance(Duration.ofMinutes(1));
        gss.restart();
        gss.sweep();
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("RUNNING");
        assertThat(gss.ok(gss.asService("Lss.Heartbeat", "lss", "a", "sessions", List.of(session)))
                        .path("drop")
                        .size())
                .isZero();
        assertThat(gss.asUser("alice", "Session.New", "project", "p1").httpStatus())
                .isEqualTo(409);

        gss.clock.advance(Duration.ofSeconds(7));
        gss.sweep();
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("RECOVERING");
        gss.clock.advance(Duration.ofSeconds(54));
        gss.sweep();
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("LOST");
    }

    @Test
    void aDatabaseOutageDropsNoLssWhoseHeartbeatsItRefused() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("a", 5);
        String session = open("alice", "p1");
        report("a", session, "RUNNING", "running");

        // Down for a minute: the sweeps fail and the LSS's heartbeats are refused meanwhile.
        gss.databaseDown();
        gss.sweep();
        gss.clock.advance(Duration.ofMinutes(1));
        gss.sweep();
        gss.databaseBack();
        gss.sweep();
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("RUNNING");

        // Silence counts from the database's return: an LSS that stays silent is dropped after the grace period.
        gss.clock.advance(Duration.ofSeconds(61));
        gss.sweep();
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("state")
                        .asText())
                .isEqualTo("LOST");
    }

    @Test
    void anLssThatRestartedWithoutASessionLosesIt() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        gss.registerLss("a", 5);
        String session = open("alice", "p1");
        report("a", session, "RUNNING", "running");
        gss.clock.advance(Duration.ofSeconds(5));
        gss.registerLss("a", 5);
        JsonNode view = gss.ok(gss.asUser("alice", "Session.Get", "session", session));
        assertThat(view.path("state").asText()).isEqualTo("LOST");
        assertThat(view.path("reason").asText()).isEqualTo("its LSS a restarted without it");
    }

    @Test
    void serviceInfoNeedsNoLogin() {
        GssHarness.CONFIG.publicAuthUrl();
        var registry = new org.opentwinj.platform.transport.action.ActionRegistry();
        ServiceInfoAction.register(
                registry,
                new org.opentwinj.platform.transport.server.ServiceInfo(
                        "gss", "1.0", "7", URI.create("https://gss:8091")),
                GssHarness.CONFIG);
        Reply reply = registry.dispatch(
                org.opentwinj.platform.transport.action.Channel.ONE_WAY_TLS,
                "{\"action\":\"Service.Info\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                null,
                null);
        assertThat(reply.body().path("result").path("authUrl").asText()).isEqualTo("https://auth.example:443");
        assertThat(reply.body().path("result").path("relayUrl").asText()).isEqualTo("https://relay.example:443");
        assertThat(reply.body().path("result").path("site").asText()).isEqualTo("7");
    }
}
