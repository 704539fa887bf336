package org.opentwinj.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;

/**
 * How commands find the session of a project. The GSS keeps one session per project: a
 * command that opens a second one while the first is still active gets 409 "already open",
 * so every active session of the user's must be reused (or waited for), whatever its state.
 */
class ProjectSessionsTest {
    /** A GSS and AUTH answering from a script; Session.New is refused while the project has an active session. */
    private static final class FakePlatform extends ClientCommand {
        final List<String> calls = new ArrayList<>();
        final Deque<String> statesAfterEvents = new ArrayDeque<>();
        String listedState;

        FakePlatform(String listedState) {
            super(SilentContext.create());
            this.listedState = listedState;
        }

        @Override
        JsonNode call(String action, Object fields) {
            calls.add(action);
            ArrayNode projects = Json.mapper().createArrayNode();
            projects.addObject().put("id", "p1").put("name", "demo");
            return projects;
        }

        @Override
        JsonNode callGss(String action, Object fields) {
            calls.add(action);
            return switch (action) {
                case "Session.List" -> {
                    ArrayNode list = Json.mapper().createArrayNode();
                    list.add(view("s1", listedState, 3));
                    yield list;
                }
                case "Session.New" -> throw PublicException.conflict("project 'p1' is already open in session s1");
                case "Session.Events" ->
                    view("s1", statesAfterEvents.isEmpty() ? listedState : statesAfterEvents.removeFirst(), 4);
                default -> throw new AssertionError("unexpected call " + action);
            };
        }

        private static ObjectNode view(String session, String state, long lastSeq) {
            ObjectNode view = Json.object()
                    .put("session", session)
                    .put("project", "p1")
                    .put("user", "alice")
                    .put("state", state)
                    .put("lastSeq", lastSeq);
            view.putArray("events");
            view.putObject("services");
            return view;
        }
    }

    @Test
    void aRecoveringSessionIsReusedNotOpenedAgain() {
        FakePlatform platform = new FakePlatform("RECOVERING");

        String used = new ProjectSessions(platform).withSession("p1", session -> session);

        assertThat(used).isEqualTo("s1");
        assertThat(platform.calls).doesNotContain("Session.New", "Session.Close");
    }

    @Test
    void aRecoveringSessionIsTheProjectsRunningSession() {
        FakePlatform platform = new FakePlatform("RECOVERING");

        assertThat(new ProjectSessions(platform).running("demo")).isEqualTo("s1");
        assertThat(platform.calls).doesNotContain("Session.New");
    }

    @Test
    void aStartingSessionIsWaitedForUntilItServes() {
        FakePlatform platform = new FakePlatform("STARTING");
        platform.statesAfterEvents.add("STARTING");
        platform.statesAfterEvents.add("RUNNING");

        String used = new ProjectSessions(platform).withSession("p1", session -> session);

        assertThat(used).isEqualTo("s1");
        assertThat(platform.calls).doesNotContain("Session.New", "Session.Close");
        assertThat(platform.calls).contains("Session.Events");
    }

    @Test
    void aRunningSessionIsReused() {
        FakePlatform platform = new FakePlatform("RUNNING");

        String used = new ProjectSessions(platform).withSession("p1", session -> session);

        assertThat(used).isEqualTo("s1");
        assertThat(platform.calls).containsExactly("Session.List");
    }
}
