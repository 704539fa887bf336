package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import org.opentwinj.cli.local.DataDirectoryOption;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.session.SessionState;
import picocli.CommandLine.Mixin;

/** Base of the commands that call the platform as the logged-in user. */
abstract class ClientCommand implements AutoCloseable {
    @Mixin
    DataDirectoryOption data = new DataDirectoryOption();

    final ClientContext context;

    ClientCommand(ClientContext context) {
        this.context = context;
    }

    Path dataDirectory() {
        return data.resolve(context.environment());
    }

    /**
     * One client for all the calls of a command: its connections (and TLS sessions) are reused
     * from one call to the next instead of being set up again for each.
     */
    private PlatformClient platform;

    PlatformClient platform() {
        if (platform == null) {
            platform = new PlatformClient(dataDirectory());
        }
        return platform;
    }

    /** Closes the platform client, once the command has run (the command line does it). */
    @Override
    public void close() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }

    /** Calls a token action of AUTH as the logged-in user. */
    JsonNode call(String action, Object fields) {
        return platform().callAuth(action, fields);
    }

    /** Calls a token action of the GSS as the logged-in user. */
    JsonNode callGss(String action, Object fields) {
        return platform().callGss(action, fields);
    }

    /** The logged-in user's name. */
    String loggedInUser() {
        return platform().stored().user();
    }

    /** Prints one line per element of a list, choosing the given fields as columns. */
    void table(JsonNode items, String... fields) {
        for (JsonNode item : items) {
            StringBuilder line = new StringBuilder();
            for (String field : fields) {
                JsonNode value = item.path(field);
                String text = value.isMissingNode() || value.isNull()
                        ? "-"
                        : value.isContainerNode() ? value.toString() : value.asText();
                line.append(String.format("%-24s ", text));
            }
            context.out().println(line.toString().stripTrailing());
        }
    }

    /** Prints session events, one per line. */
    void printEvents(JsonNode events) {
        for (JsonNode event : events) {
            context.out().println(SessionCommand.format(event));
        }
    }

    /** Follows a session's events, printing them, until its state is one {@code target} accepts (or it ends, or the time is up); the last answer. */
    JsonNode follow(String session, long after, Duration timeout, Predicate<SessionState> target) {
        return SessionCommand.followEvents(this, session, after, timeout, target, true);
    }

    /** Like {@link #follow(String, long, java.time.Duration, Predicate)}, printing only when asked. */
    JsonNode follow(String session, long after, Duration timeout, Predicate<SessionState> target, boolean print) {
        return SessionCommand.followEvents(this, session, after, timeout, target, print);
    }

    /**
     * Runs work over one websocket to the relay for the session, as the logged-in user; an
     * expired token is renewed once.
     */
    <T> T throughRelay(String session, Function<SessionRelay, T> work) {
        PlatformClient client = platform();
        StoredLogin login = client.stored();
        if (login.relayUrl() == null) {
            throw new ExitException(ExitCode.PEER_UNREACHABLE, "this platform has no relay");
        }
        return client.withToken(current -> {
            try (RelayConnection relay = RelayConnection.open(
                    client.tls(), current.relayUrl(), session, current.accessToken(), Duration.ofSeconds(30))) {
                return work.apply(relay);
            } catch (PublicException e) {
                // The relay says "expired" in its close reason; withToken then renews the token once.
                throw e.status() == 401 ? PublicException.unauthorized("token expired: " + e.getMessage()) : e;
            }
        });
    }

    void done(JsonNode result) {
        context.out().println(result.toString());
    }
}
