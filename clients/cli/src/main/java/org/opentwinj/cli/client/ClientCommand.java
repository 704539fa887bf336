package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.opentwinj.cli.local.DataDirectoryOption;
import picocli.CommandLine.Mixin;

/** Base of the commands that call the platform as the logged-in user. */
abstract class ClientCommand {
    @Mixin
    DataDirectoryOption data = new DataDirectoryOption();

    final ClientContext context;

    ClientCommand(ClientContext context) {
        this.context = context;
    }

    Path dataDirectory() {
        return data.resolve(context.environment());
    }

    /** Calls a token action of AUTH as the logged-in user. */
    JsonNode call(String action, Object fields) {
        try (PlatformClient client = new PlatformClient(dataDirectory())) {
            return client.callAuth(action, fields);
        }
    }

    /** Calls a token action of the GSS as the logged-in user. */
    JsonNode callGss(String action, Object fields) {
        try (PlatformClient client = new PlatformClient(dataDirectory())) {
            return client.callGss(action, fields);
        }
    }

    /** Prints one line per element of a list, choosing the given fields as columns. */
    void table(JsonNode items, String... fields) {
        for (JsonNode item : items) {
            StringBuilder line = new StringBuilder();
            for (String field : fields) {
                JsonNode value = item.path(field);
                line.append(String.format("%-24s ", value.isContainerNode() ? value.toString() : value.asText()));
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

    /** Follows a session's events until it reaches {@code target} (or ends, or the time is up); the last answer. */
    JsonNode follow(String session, long after, java.time.Duration timeout, String target) {
        return SessionCommand.followEvents(this, session, after, timeout, target);
    }

    void done(JsonNode result) {
        context.out().println(result.toString());
    }
}
