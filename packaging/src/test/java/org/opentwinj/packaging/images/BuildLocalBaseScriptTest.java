package org.opentwinj.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/containers/base/build-local-base.sh run as a user whose PATH lacks /sbin and /usr/sbin
 * (Debian's default for non-root users), with a recording stand-in for podman: the images the
 * real engine would import are the tarballs the stand-in lists.
 */
class BuildLocalBaseScriptTest {
    private static final Path SCRIPT = Path.of("../deploy/containers/base/build-local-base.sh");

    @TempDir
    Path work;

    @Test
    void buildsBothImagesWithoutSbinOnThePathAndTheBaseHoldsLibgcc() throws Exception {
        Path bin = fakePodman();
        Result result = run(bin + ":/usr/bin:/bin");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("localhost/t/jdk:1", "localhost/t/base:1");
        String base = Files.readString(work.resolve("localhost_t_base_1.list"));
        assertThat(base).as("glibc loads libgcc_s to unwind threads").contains("libgcc_s.so.1");
        assertThat(base).contains("./etc/passwd", "./tmp/");
        String jdk = Files.readString(work.resolve("localhost_t_jdk_1.list"));
        assertThat(jdk).contains("./opt/jdk/bin/jlink", "./bin/sh");
    }

    @Test
    void aFailingStepNamesItsLineAndCommand() throws Exception {
        Path bin = fakePodman();
        // The stand-in refuses the second import: the script must say where it stopped.
        Files.writeString(bin.resolve("fail-on"), "localhost/t/base:1");
        Result result = run(bin + ":/usr/bin:/bin");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).containsPattern("build-local-base: failed with exit code \\d+ at line \\d+: ");
    }

    private Result run(String path) throws IOException, InterruptedException {
        List<String> command = List.of(
                "bash",
                SCRIPT.toString(),
                "--engine",
                "podman",
                "--java-home",
                System.getProperty("java.home"),
                "--jdk-image",
                "localhost/t/jdk:1",
                "--base-image",
                "localhost/t/base:1");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", path);
        builder.environment().put("FAKE_PODMAN_OUT", work.toString());
        builder.environment()
                .put("TMPDIR", Files.createDirectories(work.resolve("tmp")).toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    /** A podman that lists the tarball of each import into FAKE_PODMAN_OUT/NAME.list. */
    private Path fakePodman() throws IOException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path podman = bin.resolve("podman");
        Files.writeString(podman, """
                #!/bin/bash
                [ "$1" = import ] || exit 3
                shift
                while [ "$1" = --change ] || [ "$1" = --quiet ]; do
                  [ "$1" = --change ] && shift
                  shift
                done
                here="$(dirname "$0")"
                if [ -f "$here/fail-on" ] && [ "$(cat "$here/fail-on")" = "$2" ]; then exit 5; fi
                tar -tf "$1" > "$FAKE_PODMAN_OUT/$(echo "$2" | tr '/:' '__').list"
                """);
        Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private record Result(int exitCode, String output) {}
}
