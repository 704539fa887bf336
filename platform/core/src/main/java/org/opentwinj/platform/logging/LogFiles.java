package org.opentwinj.platform.logging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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

    /**
     * The message of the last WARN or ERROR record written at or after a byte offset of a
     * service's log: what a user should read first when that service stopped. Reading from an
     * offset leaves out what earlier runs of the service appended to the same file.
     *
     * @param from the file's size when the service started (0 for the whole file)
     * @throws IOException when the file exists but cannot be read
     */
    public static Optional<String> lastWarningOrError(Path log, long from) throws IOException {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        Optional<String> last = Optional.empty();
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(from, Files.size(log)));
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.contains("\"level\":\"ERROR\"") || line.contains("\"level\":\"WARN\"")) {
                    last = Optional.of(line);
                }
            }
        }
        return last.map(LogFiles::messageOf);
    }

    private static String messageOf(String line) {
        try {
            return Json.mapper().readTree(line).path("message").asText(line);
        } catch (IOException notJson) {
            return line;
        }
    }
}
