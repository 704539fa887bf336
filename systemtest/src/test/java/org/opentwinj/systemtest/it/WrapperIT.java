package org.opentwinj.systemtest.it;

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
        List<String> command = new java.util.ArrayList<>(List.of("bash"));
        if (args.length == 0 || !args[0].endsWith("/opentwin")) {
            command.add(Repository.root().resolve("opentwin").toString());
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(work.resolve("err.txt").toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("OPEN_TWIN_JAVA_HOME");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out);
    }

    private static int featureVersion(Path jdk) throws Exception {
        Process process = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-version")
                .redirectErrorStream(true)
                .start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        java.util.regex.Matcher version =
                java.util.regex.Pattern.compile("version \"(\\d+)").matcher(text);
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

    /**
     * When the wrapper rebuilds: checked on a copy of the wrapper in a project of a few files,
     * so that no real build runs inside the test.
     */
    @Test
    void aBuildIsDueAfterASourceChangesIsDeletedOrTheWebClientsInputsChange() throws Exception {
        Path root = Files.createDirectories(work.resolve("project"));
        Files.copy(Repository.root().resolve("opentwin"), root.resolve("opentwin"));
        Path sources = Files.createDirectories(root.resolve("platform/core/src/main/java"));
        Files.writeString(sources.resolve("A.java"), "class A {}");
        Files.writeString(sources.resolve("B.java"), "class B {}");
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(Files.createDirectories(root.resolve("clients/web")).resolve("package.json"), "{}");
        Files.writeString(
                Files.createDirectories(root.resolve("clients/cli/target")).resolve("opentwin-cli.jar"), "jar");
        Files.writeString(
                Files.createDirectories(root.resolve("clients/cli/target/classes"))
                        .resolve("Built.class"),
                "built");
        Path stamp = Files.createDirectories(root.resolve(".opentwin")).resolve("build.stamp");
        Map<String, String> jdk = Map.of("JAVA_HOME", System.getProperty("java.home"));
        List<String> check = List.of(root.resolve("opentwin").toString(), "build", "--check");

        assertThat(checkBuild(jdk, check)).isEqualTo("build due: no build yet");
        builtNow(root, stamp);
        assertThat(checkBuild(jdk, check)).isEqualTo("up to date");

        Files.writeString(sources.resolve("A.java"), "class A { int changed; }");
        assertThat(checkBuild(jdk, check)).isEqualTo("build due: platform/core/src/main/java/A.java");
        builtNow(root, stamp);
        Files.delete(sources.resolve("B.java"));
        assertThat(checkBuild(jdk, check)).isEqualTo("build due: platform/core/src/main/java");
        builtNow(root, stamp);
        Files.writeString(root.resolve("clients/web/package.json"), "{\"dependencies\":{}}");
        assertThat(checkBuild(jdk, check)).isEqualTo("build due: clients/web/package.json");
        builtNow(root, stamp);
        Files.writeString(root.resolve("clients/cli/target/classes/Built.class"), "built again");
        assertThat(checkBuild(jdk, check)).as("build outputs are not inputs").isEqualTo("up to date");
    }

    private String checkBuild(Map<String, String> environment, List<String> command) throws Exception {
        Result result = wrapper(environment, command.get(0), command.get(1), command.get(2));
        assertThat(result.exitCode()).isZero();
        return result.stdout();
    }

    /** Every file and directory an hour old, and the stamp of a build made now. */
    private static void builtNow(Path root, Path stamp) throws Exception {
        java.nio.file.attribute.FileTime anHourAgo =
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
        try (var all = Files.walk(root)) {
            for (Path path : all.toList()) {
                Files.setLastModifiedTime(path, anHourAgo);
            }
        }
        Files.writeString(stamp, "");
        Files.setLastModifiedTime(
                stamp,
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
    }

    /** {@code test --long} is the wrapper's own flag: Maven gets the long mode's property, and every other argument as given. */
    @Test
    void testRunsMavenVerifyAndLongSelectsTheLongMode() throws Exception {
        Path root = Files.createDirectories(work.resolve("project"));
        Files.copy(Repository.root().resolve("opentwin"), root.resolve("opentwin"));
        // A Maven wrapper that prints its arguments, one a line, instead of building.
        Files.writeString(root.resolve("mvnw"), "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(
                root.resolve("mvnw"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> jdk = Map.of("JAVA_HOME", System.getProperty("java.home"));
        String wrapper = root.resolve("opentwin").toString();
        String pom = root.resolve("pom.xml").toString();

        Result plain = wrapper(jdk, wrapper, "test");
        Result long_ = wrapper(jdk, wrapper, "test", "-pl", "systemtest", "--long", "-Dit.test=ModelCrashIT");

        assertThat(plain.exitCode()).isZero();
        assertThat(plain.stdout().lines().toList()).containsExactly("-B", "-T", "1C", "-f", pom, "verify");
        assertThat(long_.exitCode()).isZero();
        assertThat(long_.stdout().lines().toList())
                .containsExactly(
                        "-B",
                        "-T",
                        "1C",
                        "-f",
                        pom,
                        "verify",
                        "-pl",
                        "systemtest",
                        "-Dopentwin.long=true",
                        "-Dit.test=ModelCrashIT");
    }

    @Test
    void javaHomeWithAJdk25IsPreferred() throws Exception {
        Path current = Path.of(System.getProperty("java.home"));

        Result result = wrapper(Map.of("JAVA_HOME", current.toString()), "java");

        assertThat(result.exitCode()).isZero();
        assertThat(Path.of(result.stdout()).toRealPath()).isEqualTo(current.toRealPath());
    }
}
