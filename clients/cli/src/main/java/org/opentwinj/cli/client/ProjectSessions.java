package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.ListRequest;
import org.opentwinj.platform.session.NewSessionRequest;
import org.opentwinj.platform.session.SessionRequest;
import org.opentwinj.platform.session.SessionState;

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

    /** A session just asked for: the project's id and the GSS's answer to {@code Session.New}. */
    record Opened(String projectId, JsonNode session) {}

    /**
     * {@code Session.New} for a project given by id or name. An id is tried as it is: one call
     * less (AUTH's project list) on the path every user waits for; only when the GSS knows no
     * such project of the user's (403, 404) is it looked up among the names, as any other name
     * is, so a project whose name has the form of an id is still found.
     *
     * @throws PublicException as the GSS answers; 409 says who holds the project and how to join
     */
    Opened open(String project, String type) {
        String id = looksLikeId(project) ? project : projectId(project);
        try {
            return new Opened(id, newSession(project, id, type));
        } catch (PublicException e) {
            if ((e.status() != 403 && e.status() != 404) || !id.equals(project)) {
                throw e;
            }
            String byName = projectId(project);
            if (byName.equals(id)) {
                throw e;
            }
            return new Opened(byName, newSession(project, byName, type));
        }
    }

    private JsonNode newSession(String given, String id, String type) {
        try {
            return command.callGss(ActionNames.SESSION_NEW, new NewSessionRequest(id, type));
        } catch (PublicException e) {
            if (e.status() != 409) {
                throw e;
            }
            throw holding(id)
                    .map(holder -> SessionCommand.inUse(given, holder, command.loggedInUser()))
                    .orElse(e);
        }
    }

    /** Whether a project argument has the form of a project id (AUTH makes them as UUIDs). */
    static boolean looksLikeId(String given) {
        try {
            return UUID.fromString(given).toString().equals(given.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
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
            throw new PublicException(
                    409, "several of your projects are named '" + given + "': give the id, one of " + byName);
        }
        return given;
    }

    /**
     * The user's session for a session id, project id or project name, once it serves (a
     * session still starting is waited for); 409 with a hint when the project is not open.
     */
    String running(String sessionOrProject) {
        return running(sessionOrProject, project -> {
            throw new PublicException(
                    409,
                    "project '" + sessionOrProject + "' is not open: run 'opentwin session open " + sessionOrProject
                            + "' first");
        });
    }

    /**
     * Like {@link #running(String)}, but a project that is not open is opened (with the given
     * session type, or the platform's default) and left open for the commands that follow: a
     * job must outlive this command, and the next command finds the session ready.
     *
     * @param notes where to say that the project was opened (not the command's result)
     */
    String runningOrOpened(String sessionOrProject, String type, PrintStream notes) {
        return running(sessionOrProject, project -> {
            JsonNode opened;
            try {
                opened = command.callGss(ActionNames.SESSION_NEW, new NewSessionRequest(project, type));
            } catch (PublicException e) {
                if (e.status() != 409) {
                    throw e;
                }
                throw holding(project)
                        .map(holder -> SessionCommand.inUse(sessionOrProject, holder, command.loggedInUser()))
                        .orElse(e);
            }
            String session = opened.path("session").asText();
            notes.println("opening project " + sessionOrProject + " (session " + session + ")");
            JsonNode state = command.follow(
                    session, opened.path("lastSeq").asLong(), OPEN_TIMEOUT, s -> s == SessionState.RUNNING, false);
            if (SessionCommand.stateOf(state) != SessionState.RUNNING) {
                throw new ExitException(
                        ExitCode.REQUEST_REFUSED,
                        "could not open project " + sessionOrProject + ": "
                                + state.path("state").asText()
                                + (state.hasNonNull("reason")
                                        ? " (" + state.path("reason").asText() + ")"
                                        : ""));
            }
            notes.println("session " + session + " is running; it stays open ('opentwin session close " + session
                    + "' closes it)");
            return session;
        });
    }

    private String running(String sessionOrProject, Function<String, String> notOpen) {
        JsonNode sessions = command.callGss(ActionNames.SESSION_LIST, new ListRequest(false));
        for (JsonNode session : sessions) {
            if (session.path("session").asText().equals(sessionOrProject)) {
                return sessionOrProject;
            }
        }
        // A project id that one of the sessions holds needs no look-up at AUTH; only a name does.
        Optional<JsonNode> active = active(sessions, sessionOrProject);
        if (active.isEmpty()) {
            String project = projectId(sessionOrProject);
            active = active(sessions, project);
            if (active.isEmpty()) {
                return notOpen.apply(project);
            }
        }
        if (SessionCommand.stateOf(active.get()) == SessionState.CLOSING) {
            throw new PublicException(
                    409,
                    "project '" + sessionOrProject + "' is being closed (session "
                            + active.get().path("session").asText() + "): open it again once it is closed");
        }
        return serving(active.get());
    }

    /**
     * Joins the active session of a session id, or of a project (id or name) the user may read;
     * the user's own session is answered as it is.
     *
     * @return the session's view after joining
     * @throws PublicException 409 with a hint when no such session is open
     */
    JsonNode join(String sessionOrProject) {
        JsonNode visible = command.callGss(ActionNames.SESSION_LIST, new ListRequest(null, ListRequest.VISIBLE));
        String session = null;
        for (JsonNode candidate : visible) {
            if (candidate.path("session").asText().equals(sessionOrProject)) {
                session = sessionOrProject;
            }
        }
        if (session == null) {
            Optional<JsonNode> active = active(visible, projectId(sessionOrProject));
            if (active.isEmpty()) {
                throw new PublicException(
                        409,
                        "'" + sessionOrProject + "' is neither an open session nor a project in use that you may"
                                + " read; 'opentwin session list --visible' shows those, 'opentwin session open "
                                + sessionOrProject + "' opens a project");
            }
            session = active.get().path("session").asText();
        }
        return command.callGss(ActionNames.SESSION_JOIN, new SessionRequest(session));
    }

    /** The active session that holds the project, whoever opened it, if the user may see it. */
    Optional<JsonNode> holding(String project) {
        return active(command.callGss(ActionNames.SESSION_LIST, new ListRequest(null, ListRequest.VISIBLE)), project);
    }

    /**
     * Runs the work with a session on the project: the user's active one (waited for while it
     * starts), or a model-only one opened and closed around it. The GSS refuses a second
     * session on a project with 409, so an active session is never opened again, whatever
     * its state; one that is closing is waited out first.
     */
    <T> T withSession(String project, Function<String, T> work) {
        Optional<JsonNode> active = active(command.callGss(ActionNames.SESSION_LIST, new ListRequest(false)), project);
        if (active.isPresent() && SessionCommand.stateOf(active.get()) != SessionState.CLOSING) {
            return work.apply(serving(active.get()));
        }
        if (active.isPresent()) {
            String closing = active.get().path("session").asText();
            command.follow(closing, active.get().path("lastSeq").asLong(), CLOSE_TIMEOUT, SessionState::isEnded, false);
        }
        JsonNode opened = command.callGss(ActionNames.SESSION_NEW, new NewSessionRequest(project, MODEL_ONLY));
        String session = opened.path("session").asText();
        try {
            JsonNode state = command.follow(
                    session, opened.path("lastSeq").asLong(), OPEN_TIMEOUT, s -> s == SessionState.RUNNING, false);
            if (SessionCommand.stateOf(state) != SessionState.RUNNING) {
                throw new ExitException(
                        ExitCode.REQUEST_REFUSED,
                        "could not open project " + project + ": "
                                + state.path("state").asText()
                                + (state.hasNonNull("reason")
                                        ? " (" + state.path("reason").asText() + ")"
                                        : ""));
            }
            return work.apply(session);
        } finally {
            // Wait until it is closed: the project stays locked until then, and the user's next
            // command (e.g. 'session open' after 'model import') would find it still open.
            JsonNode closing = command.callGss(ActionNames.SESSION_CLOSE, new SessionRequest(session));
            command.follow(
                    session,
                    Math.max(0, closing.path("lastSeq").asLong() - 1),
                    CLOSE_TIMEOUT,
                    s -> s == SessionState.CLOSED,
                    false);
        }
    }

    /** The user's active session on the project among the listed ones: the GSS allows one. */
    private static Optional<JsonNode> active(JsonNode sessions, String project) {
        for (JsonNode session : sessions) {
            if (session.path("project").asText().equals(project)
                    && SessionCommand.stateOf(session).isActive()) {
                return Optional.of(session);
            }
        }
        return Optional.empty();
    }

    /** The session's id once it serves: at once when it does (also while recovering), else after waiting for it to start. */
    private String serving(JsonNode session) {
        String id = session.path("session").asText();
        if (SessionCommand.stateOf(session).isServing()) {
            return id;
        }
        JsonNode last =
                command.follow(id, session.path("lastSeq").asLong(), OPEN_TIMEOUT, SessionState::isServing, false);
        if (!SessionCommand.stateOf(last).isServing()) {
            throw new ExitException(
                    ExitCode.REQUEST_REFUSED,
                    "session " + id + " of project " + session.path("project").asText() + " is "
                            + last.path("state").asText()
                            + (last.hasNonNull("reason")
                                    ? " (" + last.path("reason").asText() + ")"
                                    : ""));
        }
        return id;
    }
}
