package org.opentwinj.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./opentwin wrapper finds a JDK >= 25 by itself when the default java is older. */
class WrapperIT {
    @TempDir
    Path work;

    private record Result(int exitCode, String stdout) {}

    private Result wrapper(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", Repository.root().resolve("opentwin").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(work.resolve("err.txt").toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("OPEN_TWIN_JAVA_HOME");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out);
    }

    private static int featureVersion(Path jdk) throws Exception {
        Process process = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-version").redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("version \"(\\d+)").matcher(text);
        assertThat(version.find()).as(text).isTrue();
        return Integer.parseInt(version.group(1));
    }

    private static Path olderJdk() throws Exception {
        try (var homes = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path home : homes.toList()) {
                if (Files.isExecutable(home.resolve("bin/java")) && featureVersion(home) < 25) {
                    return home;
                }
            }
        }
        return null;
    }

    @Test
    void skipsAnOlderJavaOnPathAndInJavaHome() throws Exception {
        Path older = Files.isDirectory(Path.of("/usr/lib/jvm")) ? olderJdk() : null;
        assumeTrue(older != null, "SKIPPED LOUDLY: no JDK older than 25 under /usr/lib/jvm to put first on PATH");
        Path bin = Files.createDirectories(work.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), older.resolve("bin/java"));
        Map<String, String> environment = Map.of("PATH", bin + ":/usr/bin:/bin", "JAVA_HOME", older.toString());

        Result result = wrapper(environment, "java");

        assertThat(result.exitCode()).isZero();
        assertThat(featureVersion(Path.of(result.stdout()))).isGreaterThanOrEqualTo(25);
    }

    @Test
    void javaHomeWithAJdk25IsPreferred() throws Exception {
        Path current = Path.of(System.getProperty("java.home"));

        Result result = wrapper(Map.of("JAVA_HOME", current.toString()), "java");

        assertThat(result.exitCode()).isZero();
        assertThat(Path.of(result.stdout()).toRealPath()).isEqualTo(current.toRealPath());
    }
}
