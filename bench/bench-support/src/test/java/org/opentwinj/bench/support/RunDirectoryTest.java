package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunDirectoryTest {
    @Test
    void deletesTheDirectoryAfterTheStepsAddedToIt() throws IOException {
        List<String> seen = new ArrayList<>();
        Path dir;
        try (RunDirectory run = RunDirectory.create("test-bench", false)) {
            dir = run.path();
            Files.createDirectories(dir.resolve("logs"));
            Files.writeString(dir.resolve("logs/server.log"), "started\n");
            run.add(() -> seen.add("server stopped; log still there: " + Files.exists(dir.resolve("logs/server.log"))));
        }

        assertThat(dir.getFileName().toString()).startsWith("opentwin-test-bench-");
        assertThat(seen).containsExactly("server stopped; log still there: true");
        assertThat(dir).doesNotExist();
    }

    @Test
    void keepsTheDirectoryWhenAsked() throws IOException {
        Path dir;
        try (RunDirectory run = RunDirectory.create("test-bench", true)) {
            dir = run.path();
            Files.writeString(dir.resolve("ca.pem"), "x");
        }
        try {
            assertThat(dir.resolve("ca.pem")).exists();
        } finally {
            Files.delete(dir.resolve("ca.pem"));
            Files.delete(dir);
        }
    }
}
