package org.opentwinj.platform.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.opentwinj.platform.json.Json;

/** Reads the JSON log files services write, to tell a user why a service stopped. */
public final class LogFiles {
    private LogFiles() {}

    /**
     * The message of the last ERROR record in a service's log, if there is one.
     *
     * @throws IOException when the file exists but cannot be read
     */
    public static Optional<String> lastError(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.contains("\"level\":\"ERROR\"")) {
                try {
                    return Optional.of(
                            Json.mapper().readTree(line).path("message").asText(line));
                } catch (IOException notJson) {
                    return Optional.of(line);
                }
            }
        }
        return Optional.empty();
    }
}
