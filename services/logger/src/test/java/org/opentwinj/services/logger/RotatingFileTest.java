package org.opentwinj.services.logger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {
    @TempDir
    Path work;

    @Test
    void rotatesAtTheSizeLimitAndKeepsTheNewestFiles() throws Exception {
        Path file = work.resolve("platform.jsonl");
        String line = "x".repeat(499);
        try (RotatingFile rotating = new RotatingFile(file, 1024, 2)) {
            for (int i = 0; i < 9; i++) {
                rotating.append(List.of(i + line.substring(1)));
            }
        }

        assertThat(Files.readAllLines(file)).hasSize(1).allMatch(l -> l.startsWith("8"));
        assertThat(Files.readAllLines(work.resolve("platform.jsonl.1")))
                .extracting(l -> l.substring(0, 1))
                .containsExactly("6", "7");
        assertThat(Files.readAllLines(work.resolve("platform.jsonl.2")))
                .extracting(l -> l.substring(0, 1))
                .containsExactly("4", "5");
        assertThat(Files.exists(work.resolve("platform.jsonl.3"))).isFalse();
        assertThat(Files.size(file)).isLessThanOrEqualTo(1024);
    }

    @Test
    void reopeningAppendsToTheExistingFile() throws Exception {
        Path file = work.resolve("a.jsonl");
        try (RotatingFile rotating = new RotatingFile(file, 1 << 20, 1)) {
            rotating.append(List.of("one"));
        }
        try (RotatingFile rotating = new RotatingFile(file, 1 << 20, 1)) {
            rotating.append(Collections.nCopies(2, "two"));
        }
        assertThat(Files.readAllLines(file)).containsExactly("one", "two", "two");
    }
}
