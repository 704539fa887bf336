package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessesTest {
    @TempDir
    Path dir;

    @Test
    void tailQuotesTheLastLinesOfALog() throws IOException {
        Path log = dir.resolve("server.log");
        Files.writeString(
                log, IntStream.rangeClosed(1, 20).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

        assertThat(ChildProcesses.tail(log, 2)).isEqualTo("; last lines of " + log + ":\n  line 19\n  line 20");
        assertThat(ChildProcesses.tail(log))
                .startsWith("; last lines of " + log + ":\n  line 6\n")
                .endsWith("line 20");
    }

    @Test
    void tailOfAnEmptyOrMissingLogIsEmpty() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.log"));

        assertThat(ChildProcesses.tail(empty)).isEmpty();
        assertThat(ChildProcesses.tail(dir.resolve("missing.log"))).isEmpty();
    }

    @Test
    void freePortIsAnUnprivilegedPort() throws IOException {
        assertThat(ChildProcesses.freePort()).isBetween(1024, 65535);
    }
}
