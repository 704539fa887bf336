package org.opentwinj.platform.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services' JVM options: memory for every service, an AOT cache when a current one is there. */
class JvmOptionsTest {
    @TempDir
    Path distribution;

    @Test
    void theCacheDirectoryIsBesideTheDistributionsJarOnTheClassPath() {
        String classPath =
                String.join(File.pathSeparator, "/opt/ot/lib/a.jar", "/opt/ot/opentwin-cli.jar", "/opt/ot/lib/b.jar");

        assertThat(JvmOptions.cacheDirectoryOf(classPath)).contains(Path.of("/opt/ot/aot"));
        assertThat(JvmOptions.cacheDirectoryOf("/work/target/classes:/work/lib/a.jar"))
                .isEmpty();
        assertThat(JvmOptions.cacheDirectoryOf(null)).isEmpty();
    }

    @Test
    void withoutADistributionAServiceGetsTheMemoryOptionsOnly() {
        JvmOptions options = new JvmOptions(Optional.empty(), false);

        assertThat(options.platformService("gss")).isEqualTo(JvmOptions.SERVICE_MEMORY);
        assertThat(options.sessionService()).isEqualTo(JvmOptions.SERVICE_MEMORY);
        assertThat(JvmOptions.SERVICE_MEMORY).contains("-XX:+UseSerialGC", "-Xms8m");
    }

    @Test
    void aCurrentCacheIsGivenEachPlatformServiceItsOwnAndSessionServicesTheLsss() throws Exception {
        Path aot = caches(Instant.parse("2026-01-01T00:00:00Z"));
        Files.writeString(aot.resolve("gss.aot"), "cache");
        Files.writeString(aot.resolve("lss.aot"), "cache");
        JvmOptions options = new JvmOptions(Optional.of(aot), false);

        assertThat(options.platformService("gss"))
                .containsSequence("-XX:AOTCache=" + aot.resolve("gss.aot"), "-Xlog:aot*=off", "-Xlog:cds*=off")
                .containsAll(JvmOptions.SERVICE_MEMORY);
        assertThat(options.sessionService()).contains("-XX:AOTCache=" + aot.resolve("lss.aot"));
        // No cache for the relay: it starts without one.
        assertThat(options.platformService("relay")).isEqualTo(JvmOptions.SERVICE_MEMORY);
    }

    @Test
    void sessionServicesStartFromTheSessionCacheWhenItIsThere() throws Exception {
        Path aot = caches(Instant.parse("2026-01-01T00:00:00Z"));
        Files.writeString(aot.resolve("lss.aot"), "cache");
        Files.writeString(aot.resolve("session.aot"), "cache");
        JvmOptions options = new JvmOptions(Optional.of(aot), false);

        assertThat(options.sessionService())
                .contains("-XX:AOTCache=" + aot.resolve("session.aot"))
                .doesNotContain("-XX:AOTCache=" + aot.resolve("lss.aot"));
    }

    @Test
    void theSessionCacheIsTrainedOnlyWhileTrainingAndFromADistribution() throws Exception {
        Path aot = caches(Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(new JvmOptions(Optional.of(aot), true).sessionCacheTraining())
                .contains("-XX:AOTCacheOutput=" + aot.resolve("session.aot"))
                .containsAll(JvmOptions.SERVICE_MEMORY);
        assertThat(new JvmOptions(Optional.of(aot), false).sessionCacheTraining())
                .isEmpty();
        assertThat(new JvmOptions(Optional.empty(), true).sessionCacheTraining())
                .isEmpty();
    }

    @Test
    void aCacheOlderThanTheDistributionsJarIsNotGiven() throws Exception {
        Path aot = caches(Instant.now().plusSeconds(3600));
        Files.writeString(aot.resolve("gss.aot"), "cache made for the jar before this one");
        Files.setLastModifiedTime(aot.resolve("gss.aot"), FileTime.from(Instant.now()));

        assertThat(new JvmOptions(Optional.of(aot), false).platformService("gss"))
                .noneMatch(option -> option.startsWith("-XX:AOTCache"));
    }

    @Test
    void trainingWritesEachPlatformServicesCache() throws Exception {
        Path aot = caches(Instant.now());
        Files.writeString(aot.resolve("gss.aot"), "an old cache is not read while training");
        JvmOptions options = new JvmOptions(Optional.of(aot), true);

        assertThat(options.platformService("gss"))
                .contains("-XX:AOTCacheOutput=" + aot.resolve("gss.aot"))
                .noneMatch(option -> option.startsWith("-XX:AOTCache="));
        assertThat(JvmOptions.trainingAsked(Map.of(JvmOptions.TRAINING_VARIABLE, "true")))
                .isTrue();
        assertThat(JvmOptions.trainingAsked(Map.of())).isFalse();
    }

    @Test
    void aChildGetsTheParentsOptionsAfterItsOwnButNotItsTrainingNorACacheWhenItHasOne() {
        List<String> parent = List.of(
                "-XX:+ExitOnOutOfMemoryError",
                "-agentlib:jdwp=transport=dt_socket",
                "-XX:AOTCacheOutput=/d/aot/up.aot",
                "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=/d/opentwin.jsa",
                "-Xmx1g");

        assertThat(JavaCommand.inherited(parent, List.of("-XX:AOTCache=/d/aot/gss.aot")))
                .containsExactly("-XX:+ExitOnOutOfMemoryError", "-Xmx1g");
        // Without a cache of its own, the child keeps the parent's class-data-sharing archive.
        assertThat(JavaCommand.inherited(parent, JvmOptions.SERVICE_MEMORY))
                .containsExactly(
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:+AutoCreateSharedArchive",
                        "-XX:SharedArchiveFile=/d/opentwin.jsa",
                        "-Xmx1g");
    }

    /** A distribution whose jar has the given time, and its empty cache directory. */
    private Path caches(Instant jarTime) throws Exception {
        Path jar = Files.writeString(distribution.resolve("opentwin-cli.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(jarTime));
        return Files.createDirectories(distribution.resolve("aot"));
    }
}
