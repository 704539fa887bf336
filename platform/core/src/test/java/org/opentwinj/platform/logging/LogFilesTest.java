package org.opentwinj.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
    @TempDir
    Path directory;

    @Test
    void lastWarningOrErrorSkipsInfoLinesAndEarlierRuns() throws Exception {
        Path log = directory.resolve("gss.log");
        Files.write(log, List.of("{\"level\":\"ERROR\",\"message\":\"an earlier run failed\"}"));
        long start = Files.size(log);
        Files.write(
                log,
                List.of(
                        "{\"level\":\"WARN\",\"message\":\"database slow\"}",
                        "not json at all",
                        "{\"level\":\"INFO\",\"message\":\"gss ready at https://127.0.0.1:8091\"}"),
                StandardOpenOption.APPEND);

        assertThat(LogFiles.lastWarningOrError(log, start)).contains("database slow");
        assertThat(LogFiles.lastWarningOrError(log, 0)).contains("database slow");
        assertThat(LogFiles.lastWarningOrError(log, Files.size(log))).isEmpty();
    }

    @Test
    void aMissingOrInfoOnlyLogHasNone() throws Exception {
        Path log = directory.resolve("logger.log");
        assertThat(LogFiles.lastWarningOrError(log, 0)).isEmpty();
        Files.write(log, List.of("{\"level\":\"INFO\",\"message\":\"logger ready\"}"));
        assertThat(LogFiles.lastWarningOrError(log, 0)).isEmpty();
    }
}
