package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.EventsRequest;
import org.opentwinj.platform.session.ListRequest;
import org.opentwinj.platform.session.NewSessionRequest;
import org.opentwinj.platform.session.SessionRequest;
import org.opentwinj.platform.session.SessionState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code opentwin session ...}: open a project (a session of services), watch it, talk to it, close it. */
@Command(
        name = "session",
        mixinStandardHelpOptions = true,
        description = "Opens, lists, uses and closes sessions.",
        subcommands = {
            SessionCommand.Open.class,
            SessionCommand.ListSessions.class,
            SessionCommand.Show.class,
            SessionCommand.Send.class,
            SessionCommand.Close.class
        })
public final class SessionCommand {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Duration POLL = Duration.ofSeconds(25);

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
            String id = new ProjectSessions(this).projectId(project);
            JsonNode session = callGss(ActionNames.SESSION_NEW, new NewSessionRequest(id, type));
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

    @Command(name = "list", description = "Lists your active sessions; --all adds ended ones (admins: everyone's).")
    static final class ListSessions extends ClientCommand implements Runnable {
        @Option(names = "--all", description = "also sessions that ended; for admins, every user's")
        boolean all;

        ListSessions(ClientContext context) {
            super(context);
        }

        @Override
        public void run() {
            table(
                    callGss(ActionNames.SESSION_LIST, new ListRequest(all)),
                    "session",
                    "project",
                    "user",
                    "type",
                    "state");
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

    @Command(name = "close", description = "Closes a session: its services stop.")
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
