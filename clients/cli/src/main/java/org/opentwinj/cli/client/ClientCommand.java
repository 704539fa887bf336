package org.opentwinj.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.opentwinj.cli.local.DataDirectoryOption;
import picocli.CommandLine.Mixin;

/** Base of the commands that call AUTH as the logged-in user. */
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

    JsonNode call(String action, Object fields) {
        try (AuthClient client = new AuthClient(dataDirectory())) {
            return client.call(action, fields);
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

    void done(JsonNode result) {
        context.out().println(result.toString());
    }
}
