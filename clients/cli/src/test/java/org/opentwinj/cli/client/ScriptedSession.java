package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.opentwinj.cli.compute.TestJobs;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.JobEvent;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;

/**
 * A running session of project p1 "Patch" as the client commands see it, from a script: the
 * GSS lists session s1, the relay answers each action with a scripted reply and, once asked,
 * hands out the pushes queued for it. Every request is recorded.
 */
final class ScriptedSession implements SessionRelay {
    /** What the relay received: service and message. */
    record Request(String service, JsonNode message) {
        String action() {
            return message.path("action").asText();
        }
    }

    final List<Request> requests = new ArrayList<>();
    final List<String> gssCalls = new ArrayList<>();
    final Map<String, Function<JsonNode, JsonNode>> replies = new LinkedHashMap<>();
    final Deque<SessionRelay.Push> pushes = new ArrayDeque<>();
    JsonNode catalogue = Json.object();
    /** Whether the project is open (else Session.New opens it). */
    boolean open = true;

    int connections;

    @Override
    public JsonNode request(String service, JsonNode message, Duration timeout) {
        Request request = new Request(service, message);
        requests.add(request);
        Function<JsonNode, JsonNode> reply = replies.get(request.action());
        if (reply == null) {
            throw new AssertionError("unexpected request " + message + " to " + service);
        }
        return reply.apply(message);
    }

    /** Once the queued pushes are out, the relay closes the connection (else it stays quiet). */
    boolean closeWhenDrained;

    @Override
    public Optional<Push> nextPush(Duration timeout) {
        if (pushes.isEmpty() && closeWhenDrained) {
            throw new PublicException(409, "the relay closed the connection: 1001 going away");
        }
        return Optional.ofNullable(pushes.pollFirst());
    }

    /** Queues a job event from the board. */
    void push(JobView job) {
        pushes.add(new Push("model", Json.mapper().valueToTree(new JobEvent(job))));
    }

    JsonNode gss(String action) {
        gssCalls.add(action);
        return switch (action) {
            case "Session.List" -> {
                ArrayNode list = Json.mapper().createArrayNode();
                if (!open) {
                    yield list;
                }
                list.addObject()
                        .put("session", "s1")
                        .put("project", "p1")
                        .put("user", "alice")
                        .put("state", "RUNNING")
                        .put("lastSeq", 3);
                yield list;
            }
            case "Session.Commands" -> catalogue;
            case "Session.New" -> {
                open = true;
                yield Json.object()
                        .put("session", "s1")
                        .put("state", "STARTING")
                        .put("lastSeq", 1);
            }
            case "Session.Events" -> {
                ObjectNode page = Json.object()
                        .put("session", "s1")
                        .put("state", "RUNNING")
                        .put("lastSeq", 4);
                page.putArray("events");
                yield page;
            }
            default -> throw new AssertionError("unexpected GSS call " + action);
        };
    }

    static JsonNode projects() {
        ArrayNode projects = Json.mapper().createArrayNode();
        projects.addObject().put("id", "p1").put("name", "Patch");
        return projects;
    }

    List<String> actions() {
        return requests.stream().map(Request::action).toList();
    }

    /** A job of the board in that state, with 1m 20s left while RUNNING. */
    static JobView job(String id, JobState state, double fraction, String message, String reason, Long version) {
        return TestJobs.job(
                id, state, fraction, message, state == JobState.RUNNING ? 80_000L : null, reason, version, null);
    }

    static ObjectNode json(Object value) {
        return Json.mapper().valueToTree(value);
    }
}
