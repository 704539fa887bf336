package org.opentwinj.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log checks the report ends with: warnings and errors of the services and the proxy. */
class BenchmarkRunTest {
    @TempDir
    Path dir;

    @Test
    void serviceLogsAreJsonLinesCountedByLevel() throws Exception {
        Path log = dir.resolve("relay.log");
        Files.writeString(log, """
                {"time":"t","level":"INFO","message":"relay ready"}
                {"time":"t","level":"WARN","message":"slow"}
                {"time":"t","level":"ERROR","message":"broken"}
                {"time":"t","level":"WARN","message":"slow again"}
                """);

        assertThat(BenchmarkRun.problems(log)).isEqualTo("2 warnings, 1 errors");
        assertThat(BenchmarkRun.problems(dir.resolve("missing.log"))).startsWith("unknown");
    }

    @Test
    void theProxysColouredLevelsAreRecognised() throws Exception {
        Path log = dir.resolve("chp.log");
        Files.writeString(
                log,
                "2026-12-01T08:48:49.463Z [ConfigProxy] \u001B[32minfo\u001B[39m: Adding route / -> https://127.0.0.1:1\n"
                        + "2026-12-01T08:49:58.055Z [ConfigProxy] \u001B[33mwarn\u001B[39m: Terminated\n"
                        + "2026-12-01T08:49:58.055Z [ConfigProxy] \u001B[31merror\u001B[39m: 503 GET /ws connect ECONNREFUSED\n"
                        + "2026-12-01T08:49:58.055Z [ConfigProxy] info: a message that says warn: but is not one\n");

        assertThat(BenchmarkRun.chpProblems(log)).isEqualTo("1 warnings, 1 errors");
    }
}
