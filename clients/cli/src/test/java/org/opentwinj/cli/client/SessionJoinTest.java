package org.opentwinj.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ListRequest;
import org.opentwinj.platform.session.SessionRequest;

/** {@code session join}: which session a session id or project names, and what a list shows of who is in it. */
class SessionJoinTest {
    private static final String OPENED = "2026-12-07T10:39:27Z";
    private static final String JOINED = "2026-12-07T10:45:00Z";

    /** AUTH lists project p1 "Filter"; the GSS's visible list holds alice's session s1 of it. */
    private static final class FakePlatform extends ClientCommand {
        final List<String> calls = new ArrayList<>();
        final List<Object> gssFields = new ArrayList<>();

        FakePlatform() {
            super(SilentContext.create());
        }

        @Override
        JsonNode call(String action, Object fields) {
            calls.add(action);
            ArrayNode projects = Json.mapper().createArrayNode();
            projects.addObject().put("id", "p1").put("name", "Filter");
            projects.addObject().put("id", "p2").put("name", "Idle");
            return projects;
        }

        @Override
        JsonNode callGss(String action, Object fields) {
            calls.add(action);
            gssFields.add(fields);
            return switch (action) {
                case "Session.List" -> {
                    ArrayNode list = Json.mapper().createArrayNode();
                    list.add(view());
                    yield list;
                }
                case "Session.Join" -> {
                    ObjectNode joined = view();
                    joined.putArray("participants")
                            .addObject()
                            .put("user", "carol")
                            .put("since", JOINED);
                    yield joined;
                }
                default -> throw new AssertionError("unexpected call " + action);
            };
        }

        private static ObjectNode view() {
            ObjectNode view = Json.object()
                    .put("session", "s1")
                    .put("project", "p1")
                    .put("user", "alice")
                    .put("state", "RUNNING")
                    .put("createdAt", OPENED);
            view.putArray("participants");
            return view;
        }
    }

    @Test
    void aProjectNameJoinsTheSessionThatHoldsIt() {
        FakePlatform platform = new FakePlatform();

        JsonNode joined = new ProjectSessions(platform).join("Filter");

        assertThat(joined.path("participants").get(0).path("user").asText()).isEqualTo("carol");
        assertThat(platform.calls).containsExactly("Session.List", "Project.List", "Session.Join");
        assertThat(platform.gssFields)
                .containsExactly(new ListRequest(null, ListRequest.VISIBLE), new SessionRequest("s1"));
    }

    @Test
    void aSessionIdIsJoinedWithoutLookingUpProjects() {
        FakePlatform platform = new FakePlatform();

        new ProjectSessions(platform).join("s1");

        assertThat(platform.calls).containsExactly("Session.List", "Session.Join");
    }

    @Test
    void aProjectNotInUseIsNotJoinedAndTheMessageSaysWhatToDo() {
        FakePlatform platform = new FakePlatform();

        assertThatThrownBy(() -> new ProjectSessions(platform).join("Idle"))
                .isInstanceOf(PublicException.class)
                .hasMessage("'Idle' is neither an open session nor a project in use that you may read;"
                        + " 'opentwin session list --visible' shows those, 'opentwin session open Idle' opens a"
                        + " project");
        assertThat(platform.calls).doesNotContain("Session.Join");
    }

    @Test
    void aListShowsWhoJoinedAndSinceWhenInLocalTime() {
        ArrayNode sessions = Json.mapper().createArrayNode();
        ObjectNode shared = sessions.addObject().put("session", "s1").put("createdAt", OPENED);
        shared.putArray("participants").addObject().put("user", "carol").put("since", JOINED);
        sessions.addObject().put("session", "s2").put("createdAt", OPENED).putArray("participants");

        ArrayNode rows = SessionCommand.withParticipantNames(sessions);

        String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(ZoneId.systemDefault())
                .format(Instant.parse(JOINED));
        assertThat(rows.get(0).path("participants").asText()).isEqualTo("carol (since " + local + ")");
        assertThat(rows.get(1).path("participants").asText()).isEqualTo("-");
        assertThat(rows.get(0).path("since").asText()).hasSize("2026-12-07 10:39".length());
    }

    @Test
    void aProjectInUseNamesWhoseSessionAndTheCommandThatJoinsOrClosesIt() {
        ObjectNode holder =
                Json.object().put("session", "s1").put("user", "alice").put("createdAt", OPENED);

        assertThat(SessionCommand.inUse("Filter", holder, "carol").getMessage())
                .startsWith("project 'Filter' is already open in alice's session s1 (since ")
                .endsWith("): join it with 'opentwin session join s1'");
        assertThat(SessionCommand.inUse("Filter", holder, "alice").getMessage())
                .startsWith("project 'Filter' is already open in your session s1 (since ")
                .endsWith("): use it, or close it with 'opentwin session close s1'");
        assertThat(SessionCommand.inUse("Filter", holder, "carol").status()).isEqualTo(409);
    }
}
