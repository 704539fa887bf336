package org.opentwinj.services.gss;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.transport.action.Reply;

/**
 * Shared sessions: users who may read a project join the session another user opened, leave
 * it, see it in the visible list; who may close it; what the relay learns about them.
 */
class SharedSessionsTest {
    private final GssHarness gss = new GssHarness();

    @BeforeEach
    void oneLss() {
        gss.registerLss("a", 5);
    }

    @AfterEach
    void close() {
        gss.close();
    }

    private String open(String user, String project) {
        return gss.ok(gss.asUser(user, "Session.New", "project", project))
                .path("session")
                .asText();
    }

    @Test
    void aReaderJoinsAndIsAParticipantSinceThen() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "read"));
        String session = open("alice", "p1");
        gss.clock.advance(Duration.ofMinutes(3));
        Instant joinedAt = gss.clock.instant();

        JsonNode joined = gss.ok(gss.asUser("carol", "Session.Join", "session", session));

        assertThat(joined.path("user").asText()).isEqualTo("alice");
        assertThat(joined.path("participants")).hasSize(1);
        assertThat(joined.path("participants").get(0).path("user").asText()).isEqualTo("carol");
        assertThat(joined.path("participants").get(0).path("since").asText()).isEqualTo(joinedAt.toString());
        assertThat(joined.path("events").findValuesAsText("message")).contains("carol joined (read access)");
        // A participant follows the session as its opener does.
        assertThat(gss.ok(gss.asUser("carol", "Session.Get", "session", session))
                        .path("participants")
                        .findValuesAsText("user"))
                .containsExactly("carol");
        assertThat(gss.ok(gss.asUser("carol", "Session.List")).findValuesAsText("session"))
                .containsExactly(session);
    }

    @Test
    void joiningTwiceOrOnesOwnSessionChangesNothing() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "write"));
        String session = open("alice", "p1");
        gss.ok(gss.asUser("carol", "Session.Join", "session", session));
        gss.clock.advance(Duration.ofMinutes(1));

        JsonNode again = gss.ok(gss.asUser("carol", "Session.Join", "session", session));
        JsonNode own = gss.ok(gss.asUser("alice", "Session.Join", "session", session));

        assertThat(again.path("participants")).hasSize(1);
        assertThat(own.path("participants").findValuesAsText("user")).containsExactly("carol");
        assertThat(own.path("participants").get(0).path("since").asText())
                .isEqualTo(again.path("participants").get(0).path("since").asText());
    }

    @Test
    void whoCannotReadTheProjectLearnsNothingAboutItsSession() {
        gss.rights.put("p1", Map.of("alice", "owner"));
        String session = open("alice", "p1");

        Reply refused = gss.asUser("bob", "Session.Join", "session", session);

        assertThat(refused.httpStatus()).isEqualTo(404);
        assertThat(refused.body().path("reason").asText()).isEqualTo("unknown session '" + session + "'");
        assertThat(gss.asUser("bob", "Session.Get", "session", session).httpStatus())
                .isEqualTo(404);
        assertThat(gss.asUser("bob", "Session.Join", "session", "nope").httpStatus())
                .isEqualTo(404);
        assertThat(gss.ok(gss.asUser("bob", "Session.List", "scope", "visible")))
                .isEmpty();
    }

    @Test
    void anEndedSessionCannotBeJoined() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "read"));
        String session = open("alice", "p1");
        gss.sessions().finish(session, SessionState.CLOSED, "closed for the test");

        Reply refused = gss.asUser("carol", "Session.Join", "session", session);

        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(refused.body().path("reason").asText())
                .isEqualTo("alice's session " + session + " has ended (closed): open the project instead");
    }

    @Test
    void theVisibleListHasTheSessionsOfEveryReadableProjectWithWhoIsInThem() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "read"));
        gss.rights.put("p2", Map.of("bob", "owner"));
        gss.rights.put("p3", Map.of("carol", "owner"));
        String shared = open("alice", "p1");
        open("bob", "p2");
        String own = open("carol", "p3");
        gss.ok(gss.asUser("carol", "Session.Join", "session", shared));

        JsonNode visible = gss.ok(gss.asUser("carol", "Session.List", "scope", "visible"));

        assertThat(visible.findValuesAsText("session")).containsExactlyInAnyOrder(shared, own);
        JsonNode first = visible.get(0).path("session").asText().equals(shared) ? visible.get(0) : visible.get(1);
        assertThat(first.path("project").asText()).isEqualTo("p1");
        assertThat(first.path("user").asText()).isEqualTo("alice");
        assertThat(first.path("createdAt").asText()).isNotBlank();
        assertThat(first.path("participants").findValuesAsText("user")).containsExactly("carol");
        // Admins see every session; the own list stays the caller's own (opened or joined).
        assertThat(gss.ok(gss.asUser("root", "Session.List", "scope", "visible")))
                .hasSize(3);
        assertThat(gss.ok(gss.asUser("bob", "Session.List")).findValuesAsText("project"))
                .containsExactly("p2");
    }

    @Test
    void aProjectAuthNoLongerKnowsIsLeftOutOfTheVisibleList() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "read"));
        open("alice", "p1");
        gss.rights.remove("p1");

        assertThat(gss.ok(gss.asUser("carol", "Session.List", "scope", "visible")))
                .isEmpty();
    }

    @Test
    void anUnknownScopeIsRefusedWithTheValidOnes() {
        Reply refused = gss.asUser("carol", "Session.List", "scope", "everyone");

        assertThat(refused.httpStatus()).isEqualTo(400);
        assertThat(refused.body().path("reason").asText())
                .isEqualTo("field 'scope' must be 'own' or 'visible', not 'everyone'");
    }

    @Test
    void aProjectInUseIsRefusedNamingWhoAndSinceWhenWithTheSessionAsAField() {
        gss.rights.put("p1", Map.of("carol", "write", "alice", "owner"));
        Instant opened = gss.clock.instant();
        String session = open("carol", "p1");
        String readable = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC)
                .format(opened);

        Reply refused = gss.asUser("alice", "Session.New", "project", "p1");

        assertThat(refused.httpStatus()).isEqualTo(409);
        assertThat(refused.body().path("reason").asText())
                .isEqualTo("the project is already open in carol's session since " + readable + ": join it"
                        + " (Session.Join with the 'session' of this answer) or ask carol to close it");
        assertThat(refused.body().path("session").asText()).isEqualTo(session);
        assertThat(refused.body().path("openedBy").asText()).isEqualTo("carol");
        assertThat(refused.body().path("since").asText())
                .isEqualTo(opened.truncatedTo(ChronoUnit.MILLIS).toString());
    }

    @Test
    void theProjectsOwnerAndAdminsMayCloseAnotherUsersSession() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "write"));
        gss.rights.put("p2", Map.of("alice", "owner", "carol", "write"));
        String carols = open("carol", "p1");
        String another = open("carol", "p2");

        assertThat(gss.ok(gss.asUser("alice", "Session.Close", "session", carols))
                        .path("state")
                        .asText())
                .isEqualTo("CLOSING");
        assertThat(gss.ok(gss.asUser("root", "Session.Close", "session", another))
                        .path("state")
                        .asText())
                .isEqualTo("CLOSING");
        assertThat(gss.calls).contains("stop a " + carols, "stop a " + another);
        assertThat(gss.ok(gss.asUser("carol", "Session.Get", "session", carols))
                        .path("events")
                        .findValuesAsText("message"))
                .contains("closing, as alice asked");
    }

    @Test
    void aParticipantMayNotCloseButLeavesAndTheSessionRunsOn() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "write", "bob", "read"));
        String session = open("alice", "p1");
        gss.ok(gss.asUser("carol", "Session.Join", "session", session));

        Reply closeByParticipant = gss.asUser("carol", "Session.Close", "session", session);
        Reply closeByReader = gss.asUser("bob", "Session.Close", "session", session);

        assertThat(closeByParticipant.httpStatus()).isEqualTo(403);
        assertThat(closeByParticipant.body().path("reason").asText())
                .isEqualTo("you joined alice's session: leave it instead (Session.Leave); only alice, the"
                        + " project's owner or an admin may close it for everyone");
        assertThat(closeByReader.httpStatus()).isEqualTo(403);
        assertThat(closeByReader.body().path("reason").asText())
                .isEqualTo("only alice (who opened the session), the project's owner or an admin may close"
                        + " alice's session");
        assertThat(gss.calls).noneMatch(call -> call.startsWith("stop "));

        JsonNode left = gss.ok(gss.asUser("carol", "Session.Leave", "session", session));

        assertThat(left.path("participants")).isEmpty();
        assertThat(left.path("state").asText()).isEqualTo("STARTING");
        assertThat(gss.asUser("carol", "Session.Get", "session", session).httpStatus())
                .isEqualTo(404);
        assertThat(gss.ok(gss.asUser("alice", "Session.Get", "session", session))
                        .path("events")
                        .findValuesAsText("message"))
                .contains("carol joined (write access)", "carol left");
    }

    @Test
    void theOpenerClosesRatherThanLeavesAndOthersCannotLeave() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "read"));
        String session = open("alice", "p1");

        Reply opener = gss.asUser("alice", "Session.Leave", "session", session);
        Reply stranger = gss.asUser("carol", "Session.Leave", "session", session);
        Reply admin = gss.asUser("root", "Session.Leave", "session", session);

        assertThat(opener.httpStatus()).isEqualTo(409);
        assertThat(opener.body().path("reason").asText())
                .isEqualTo("you opened session " + session + ": close it (Session.Close) instead of leaving it");
        assertThat(stranger.httpStatus()).isEqualTo(404);
        assertThat(admin.httpStatus()).isEqualTo(409);
        assertThat(admin.body().path("reason").asText()).isEqualTo("you have not joined session " + session);
    }

    @Test
    void theRelayLearnsTheParticipants() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "read", "bob", "write"));
        String session = open("alice", "p1");
        gss.ok(gss.asUser("carol", "Session.Join", "session", session));
        gss.ok(gss.asUser("bob", "Session.Join", "session", session));
        gss.ok(gss.asUser("carol", "Session.Leave", "session", session));

        JsonNode routes = gss.ok(gss.asService("Session.Routes", "session", session));

        assertThat(routes.path("user").asText()).isEqualTo("alice");
        assertThat(routes.path("participants").toString()).isEqualTo("[\"bob\"]");
    }

    @Test
    void participantsSurviveARestartOfTheGss() {
        gss.rights.put("p1", Map.of("alice", "owner", "carol", "read"));
        String session = open("alice", "p1");
        gss.ok(gss.asUser("carol", "Session.Join", "session", session));

        gss.restart();

        assertThat(gss.ok(gss.asUser("carol", "Session.Get", "session", session))
                        .path("participants")
                        .findValuesAsText("user"))
                .containsExactly("carol");
    }
}
