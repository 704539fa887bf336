package org.opentwinj.cli.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.opentwinj.platform.logging.LogFiles;

/**
 * One run of a service's process.
 *
 * @param service  the service
 * @param process  its process
 * @param log      the file its output is appended to
 * @param logStart the log's size when this run started: its own lines come after
 * @param started  when this run started
 */
record SupervisedService(LocalLayout.LocalService service, Process process, Path log, long logStart, Instant started) {
    String name() {
        return service.name();
    }

    /** The last WARN or ERROR line this run logged, or a sentence saying there is none. */
    String lastError() {
        try {
            Optional<String> line = LogFiles.lastWarningOrError(log, logStart);
            return line.orElse("(no warning or error in its log)");
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** How a process ended, in words: a shell's 128+N is a signal. */
    static String exitDescription(int code) {
        return code > 128 && code < 160
                ? "with code " + code + " (killed by signal " + (code - 128) + ")"
                : "with code " + code;
    }
}
