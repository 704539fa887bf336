package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * Finds the session to talk to for a project, and opens a short-lived one when a command
 * needs the project's model without the user having opened it (export, import, templates,
 * deletion). The GSS keeps a project to one session, so data is only ever written through
 * the model service of that session.
 */
final class ProjectSessions {
    /** The session type that runs only the Model service. */
    static final String MODEL_ONLY = "model";
    private static final Duration OPEN_TIMEOUT = Duration.ofMinutes(3);
    /** How long a command waits for the session it opened briefly to be closed. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(1);

    private final ClientCommand command;

    ProjectSessions(ClientCommand command) {
        this.command = command;
    }

    /** A project id for an id or a name among the user's projects. */
    String projectId(String given) {
        List<String> byName = new ArrayList<>();
        for (JsonNode project : command.call("Project.List", Map.of())) {
            if (project.path("id").asText().equals(given)) {
                return given;
            }
            if (project.path("name").asText().equals(given)) {
                byName.add(project.path("id").asText());
            }
        }
        if (byName.size() == 1) {
            return byName.getFirst();
        }
        if (byName.size() > 1) {
            throw new PublicException(409, "several of your projects are named '" + given + "': give the id, one of " + byName);
        }
        return given;
    }

    /** The user's running session for a session id, project id or project name; 409 with a hint when the project is not open. */
    String running(String sessionOrProject) {
        JsonNode sessions = command.callGss("Session.List", Map.of());
        for (JsonNode session : sessions) {
            if (session.path("session").asText().equals(sessionOrProject)) {
                return sessionOrProject;
            }
        }
        String project = projectId(sessionOrProject);
        for (JsonNode session : sessions) {
            if (session.path("project").asText().equals(project) && "RUNNING".equals(session.path("state").asText())) {
                return session.path("session").asText();
            }
        }
        throw new PublicException(409, "project '" + sessionOrProject + "' is not open: run 'opentwin session open " + sessionOrProject + "' first");
    }

    /** Runs the work with a session on the project: the user's running one, or a model-only one opened and closed around it. */
    <T> T withSession(String project, Function<String, T> work) {
        for (JsonNode session : command.callGss("Session.List", Map.of())) {
            if (session.path("project").asText().equals(project) && "RUNNING".equals(session.path("state").asText())) {
                return work.apply(session.path("session").asText());
            }
        }
        JsonNode opened = command.callGss("Session.New", Map.of("project", project, "type", MODEL_ONLY));
        String session = opened.path("session").asText();
        try {
            JsonNode state = command.follow(session, opened.path("lastSeq").asLong(), OPEN_TIMEOUT, "RUNNING", false);
            if (!"RUNNING".equals(state.path("state").asText())) {
                throw new ExitException(ExitCode.REQUEST_REFUSED, "could not open project " + project + ": "
                        + state.path("state").asText() + (state.hasNonNull("reason") ? " (" + state.path("reason").asText() + ")" : ""));
            }
            return work.apply(session);
        } finally {
            // Wait until it is closed: the project stays locked until then, and the user's next
            // command (e.g. 'session open' after 'model import') would find it still open.
            JsonNode closing = command.callGss("Session.Close", Map.of("session", session));
            command.follow(session, Math.max(0, closing.path("lastSeq").asLong() - 1), CLOSE_TIMEOUT, "CLOSED", false);
        }
    }
}
