package org.opentwinj.bench.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessTest {
    /** Options of a made-up harness: the failures its run reports, and --out. */
    record Options(long failures, Path out) {
        static Options parse(List<String> args) {
            Flags flags = new Flags(args);
            long failures = 0;
            Path out = null;
            while (flags.hasNext()) {
                switch (flags.next()) {
                    case "--failures" -> failures = flags.longInteger();
                    case "--out" -> out = Path.of(flags.value());
                    default -> throw flags.unknown();
                }
            }
            return new Options(failures, out);
        }
    }

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private int execute(Harness.Run<Options> run, String... args) {
        Harness<Options> harness = new Harness<>(
                "test-bench",
                HarnessTest.class,
                () -> "usage: run.sh [--failures N]",
                Options::parse,
                Options::out,
                "failed requests",
                run);
        return harness.execute(
                List.of(args),
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private static Harness.Outcome report(Options o, String command) {
        return new Harness.Outcome("Command: " + command + "\n", o.failures());
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsTheUsageAndRunsNothing() {
        assertThat(execute(
                        (o, c) -> {
                            throw new AssertionError("must not run");
                        },
                        "--failures",
                        "x",
                        "--help"))
                .isZero();
        assertThat(out()).isEqualTo("usage: run.sh [--failures N]\n");
    }

    @Test
    void aCleanRunPrintsTheReportAndWritesItWhereAsked() throws IOException {
        Path file = dir.resolve("report.md");

        assertThat(execute(HarnessTest::report, "--out", file.toString())).isZero();

        assertThat(out()).isEqualTo("Command: java -cp ... " + HarnessTest.class.getName() + " --out " + file + "\n");
        assertThat(Files.readString(file)).isEqualTo(out());
        assertThat(err()).contains("test-bench: report written to " + file);
    }

    @Test
    void failuresInTheRunExitWithOneAfterTheReport() {
        assertThat(execute(HarnessTest::report, "--failures", "3")).isEqualTo(1);

        assertThat(out()).startsWith("Command: ");
        assertThat(err()).contains("test-bench: the run had 3 failed requests; see the report");
    }

    @Test
    void badFlagsAndMissingPrerequisitesExitWithTwo() {
        assertThat(execute(HarnessTest::report, "--fast")).isEqualTo(2);
        assertThat(err()).isEqualTo("test-bench: unknown flag '--fast' (see --help)\n");

        assertThat(execute((o, c) -> {
                    throw new MissingPrerequisiteException("nginx not found at /usr/sbin/nginx");
                }))
                .isEqualTo(2);
        assertThat(err()).endsWith("test-bench: nginx not found at /usr/sbin/nginx\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void aFailedRunExitsWithOneAndSaysWhy() {
        assertThat(execute((o, c) -> {
                    throw new IOException("port in use");
                }))
                .isEqualTo(1);

        assertThat(err()).startsWith("test-bench: the run failed: port in use\njava.io.IOException: port in use");
        assertThat(out()).isEmpty();
    }
}
