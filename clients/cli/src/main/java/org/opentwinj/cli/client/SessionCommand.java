package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.EventsRequest;
import org.opentwinj.platform.session.ListRequest;
import org.opentwinj.platform.session.SessionRequest;
import org.opentwinj.platform.session.SessionState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opentwin session ...}: open a project (a session of services), watch it, talk to it, close it. */
@Command(
        name = "session",
        mixinStandardHelpOptions = true,
        description = "Opens, lists, joins, uses and closes sessions.",
        subcommands = {
            SessionCommand.Open.class,
            SessionCommand.ListSessions.class,
            SessionCommand.Join.class,
            SessionCommand.Leave.class,
            SessionCommand.Show.class,
            SessionCommand.Send.class,
            SessionCommand.Close.class
        })
public final class SessionCommand {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Duration POLL = Duration.ofSeconds(25);
    private static final DateTimeFormatter SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Command(
            name = "open",
            description = {
                "Opens a project: shows the progress of its services, then their URLs and the relay's.",
                "PROJECT is the project's id or its name."
            })
    static final class Open extends ClientCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Option(
                names = "--type",
                defaultValue = "default",
                description = "the session type (default: ${DEFAULT-VALUE})")
        String type;

        @Option(
                names = "--timeout",
                defaultValue = "180",
                description = "seconds to wait for the session to run (default: ${DEFAULT-VALUE})")
        long timeoutSeconds;

        Open(ClientContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            ProjectSessions.Opened opened = new ProjectSessions(this).open(project, type);
            String id = opened.projectId();
            JsonNode session = opened.session();
            String sessionId = session.path("session").asText();
            context.out().println("session " + sessionId + " for project " + id);
            printEvents(session.path("events"));
            JsonNode last = follow(
                    sessionId,
                    session.path("lastSeq").asLong(),
                    Duration.ofSeconds(timeoutSeconds),
                    state -> state == SessionState.RUNNING);
            if (stateOf(last) != SessionState.RUNNING) {
                throw new ExitException(
                        ExitCode.REQUEST_REFUSED,
                        "session " + sessionId + " is " + last.path("state").asText()
                                + (last.hasNonNull("reason")
                                        ? ": " + last.path("reason").asText()
                                        : ""));
            }
            context.out().println("session " + sessionId + " is running");
            last.path("services")
                    .properties()
                    .forEach(service -> context.out()
                            .printf(
                                    "  %-12s %s%n",
                                    service.getKey(),
                                    service.getValue().path("url").asText()));
            if (last.hasNonNull("relayUrl")) {
                URI relay = URI.create(last.path("relayUrl").asText());
                context.out().println("relay: wss://" + relay.getRawAuthority() + "/relay?session=" + sessionId);
            }
            return ExitCode.OK.code();
        }
    }

    /** 409 for a project open in a session already: whose, since when, and the command that joins or closes it. */
    static PublicException inUse(String project, JsonNode holder, String me) {
        String session = holder.path("session").asText();
        String opener = holder.path("user").asText();
        String since = SINCE.format(Instant.parse(holder.path("createdAt").asText()));
        return opener.equals(me)
                ? new PublicException(
                        409,
                        "project '" + project + "' is already open in your session " + session + " (since " + since
                                + "): use it, or close it with 'opentwin session close " + session + "'")
                : new PublicException(
                        409,
                        "project '" + project + "' is already open in " + opener + "'s session " + session + " (since "
                                + since + "): join it with 'opentwin session join " + session + "'");
    }

    @Command(
            name = "list",
            description = {
                "Lists your active sessions (opened or joined): project, opener, since, participants.",
                "--all adds ended ones (admins: everyone's); --visible: the sessions of every project you may read."
            })
    static final class ListSessions extends ClientCommand implements Runnable {
        @Option(names = "--all", description = "also sessions that ended; for admins, every user's")
        boolean all;

        @Option(
                names = "--visible",
                description = "the active sessions of every project you may read, whoever opened them")
        boolean visible;

        ListSessions(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            if (all && visible) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION, "--all and --visible do not go together: choose one");
            }
            JsonNode sessions = callGss(
                    ActionNames.SESSION_LIST,
                    visible ? new ListRequest(null, ListRequest.VISIBLE) : new ListRequest(all));
            table(withParticipantNames(sessions), "session", "project", "user", "since", "participants", "state");
        }
    }

    /** The sessions with {@code since} (local time) and {@code participants} as "carol (since 10:39), bob (...)". */
    static ArrayNode withParticipantNames(JsonNode sessions) {
        ArrayNode rows = Json.mapper().createArrayNode();
        for (JsonNode session : sessions) {
            ObjectNode row = session.deepCopy();
            if (session.hasNonNull("createdAt")) {
                row.put(
                        "since",
                        SINCE.format(Instant.parse(session.path("createdAt").asText())));
            }
            row.put("participants", participants(session));
            rows.add(row);
        }
        return rows;
    }

    /** Who joined the session: "carol (since 2026-12-07 10:39), bob (since ...)", or "-". */
    static String participants(JsonNode session) {
        List<String> names = new ArrayList<>();
        for (JsonNode participant : session.path("participants")) {
            names.add(participant.path("user").asText() + " (since "
                    + SINCE.format(Instant.parse(participant.path("since").asText())) + ")");
        }
        return names.isEmpty() ? "-" : String.join(", ", names);
    }

    @Command(
            name = "join",
            description = {
                "Joins another user's session of a project you may read.",
                "You see its changes live and save with your own rights (read-only if you may only read).",
                "SESSION_OR_PROJECT is the session's id, or the project's id or name."
            })
    static final class Join extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "SESSION_OR_PROJECT")
        String target;

        Join(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            JsonNode joined = new ProjectSessions(this).join(target);
            String session = joined.path("session").asText();
            context.out()
                    .println("joined " + joined.path("user").asText() + "'s session " + session + " of project "
                            + joined.path("project").asText() + " ("
                            + joined.path("state").asText().toLowerCase(Locale.ROOT) + ")");
            context.out().println("participants: " + participants(joined));
            if (joined.hasNonNull("relayUrl")) {
                URI relay = URI.create(joined.path("relayUrl").asText());
                context.out().println("relay: wss://" + relay.getRawAuthority() + "/relay?session=" + session);
            }
            context.out().println("leave it with: opentwin session leave " + session);
        }
    }

    @Command(name = "leave", description = "Leaves a session you joined; it runs on for the others.")
    static final class Leave extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "SESSION")
        String session;

        Leave(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            JsonNode left = callGss(ActionNames.SESSION_LEAVE, new SessionRequest(session));
            context.out().println("left " + left.path("user").asText() + "'s session " + session + "; it runs on");
        }
    }

    @Command(name = "show", description = "Shows a session: state, services and its events.")
    static final class Show extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "SESSION")
        String session;

        @Option(
                names = {"-f", "--follow"},
                description = "keep showing new events until the session ends")
        boolean follow;

        Show(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            JsonNode current = callGss(ActionNames.SESSION_GET, new SessionRequest(session));
            printEvents(current.path("events"));
            if (follow) {
                current = follow(session, current.path("lastSeq").asLong(), Duration.ofDays(365), state -> false);
            }
            context.out()
                    .println("state: " + current.path("state").asText()
                            + (current.hasNonNull("reason")
                                    ? " (" + current.path("reason").asText() + ")"
                                    : ""));
            current.path("services")
                    .properties()
                    .forEach(service -> context.out()
                            .printf(
                                    "  %-12s %-10s %s%n",
                                    service.getKey(),
                                    service.getValue().path("state").asText(),
                                    service.getValue().path("url").asText("")));
        }
    }

    @Command(
            name = "send",
            description = {
                "Sends a message to a service of a session through the relay and prints its reply.",
                "MESSAGE is a JSON object with \"action\", e.g. '{\"action\":\"Echo\",\"message\":\"hi\"}'."
            })
    static final class Send extends ClientCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "SESSION")
        String session;

        @Parameters(index = "1", paramLabel = "SERVICE")
        String service;

        @Parameters(index = "2", paramLabel = "MESSAGE")
        String message;

        @Option(
                names = "--timeout",
                defaultValue = "60",
                description = "seconds to wait for the reply (default: ${DEFAULT-VALUE})")
        long timeoutSeconds;

        Send(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            JsonNode json;
            try {
                json = Json.mapper().readTree(message);
            } catch (IOException e) {
                throw new ExitException(ExitCode.INVALID_CONFIGURATION, "MESSAGE is not JSON: " + e.getMessage());
            }
            if (!json.isObject() || !json.hasNonNull("action")) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION, "MESSAGE must be a JSON object with \"action\"");
            }
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            context.out()
                    .println(throughRelay(session, relay -> relay.request(service, json, timeout))
                            .toString());
        }
    }

    @Command(
            name = "close",
            description = {
                "Closes a session for everyone in it: its services stop.",
                "Its opener, the project's owner and admins may close it; who joined it leaves instead."
            })
    static final class Close extends ClientCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SESSION")
        String session;

        @Option(
                names = "--timeout",
                defaultValue = "60",
                description = "seconds to wait until it is closed (default: ${DEFAULT-VALUE})")
        long timeoutSeconds;

        Close(ClientContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            JsonNode closing = callGss(ActionNames.SESSION_CLOSE, new SessionRequest(session));
            JsonNode last = follow(
                    session,
                    Math.max(0, closing.path("lastSeq").asLong() - 1),
                    Duration.ofSeconds(timeoutSeconds),
                    state -> state == SessionState.CLOSED);
            String state = last.path("state").asText();
            if (stateOf(last) == SessionState.CLOSING) {
                throw new ExitException(
                        ExitCode.REQUEST_REFUSED,
                        "session " + session + " is still closing after " + timeoutSeconds + " s");
            }
            context.out()
                    .println("session " + session + " is " + state
                            + (last.hasNonNull("reason") && stateOf(closing) != SessionState.CLOSING
                                    ? " (" + last.path("reason").asText() + ")"
                                    : ""));
            return ExitCode.OK.code();
        }
    }

    /** Long-polls the session's events, printing them, until its state is one the target accepts, it ends, or time runs out. */
    static JsonNode followEvents(
            ClientCommand command,
            String session,
            long after,
            Duration timeout,
            Predicate<SessionState> target,
            boolean print) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seq = after;
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            JsonNode page = command.callGss(
                    ActionNames.SESSION_EVENTS, new EventsRequest(session, seq, Math.min(left, POLL.toMillis())));
            if (print) {
                command.printEvents(page.path("events"));
            }
            seq = page.path("lastSeq").asLong(seq);
            SessionState state = stateOf(page);
            if (target.test(state) || state.isEnded() || left == 0) {
                return page;
            }
        }
    }

    private SessionCommand() {}

    /** The state of a session view from the GSS. */
    static SessionState stateOf(JsonNode view) {
        String state = view.path("state").asText();
        try {
            return SessionState.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new ExitException(
                    ExitCode.PEER_UNREACHABLE,
                    "the GSS answered a session state this client does not know: '" + state
                            + "' (is the client older than the platform?)");
        }
    }

    /** Formats one event per line: time, service and message. */
    static String format(JsonNode event) {
        String time = TIME.format(Instant.parse(event.path("time").asText()));
        return "  " + time + "  " + event.path("message").asText();
    }
}
