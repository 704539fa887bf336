package org.opentwinj.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
    @TempDir
    Path directory;

    @Test
    void aJarSomeImageLeavesOutGoesToTheLayerOfEachImageThatKeepsIt() throws IOException {
        Map<String, Path> sources = new TreeMap<>();
        for (String name : new String[] {"lib/shared.jar", "lib/h2.jar", "lib/netty.jar", "jvm.options"}) {
            sources.put(name, Files.writeString(directory.resolve(Path.of(name).getFileName()), name));
        }
        Map<String, SortedSet<String>> leftOut = new LinkedHashMap<>();
        leftOut.put("auth", new TreeSet<>(List.of("h2.jar", "netty.jar")));
        leftOut.put("database", new TreeSet<>());
        leftOut.put("relay", new TreeSet<>(List.of("h2.jar")));
        leftOut.put("lss", new TreeSet<>());

        Path context = BuildImagesCommand.stageContext(sources, leftOut, directory.resolve("context"));

        assertThat(files(context.resolve("lib"))).containsExactly("shared.jar");
        assertThat(files(context.resolve("lib-auth"))).isEmpty();
        assertThat(files(context.resolve("lib-database"))).containsExactly("h2.jar", "netty.jar");
        assertThat(files(context.resolve("lib-relay"))).containsExactly("netty.jar");
        assertThat(files(context.resolve("lib-lss"))).containsExactly("h2.jar", "netty.jar");
        assertThat(Files.readString(context.resolve("lib-lss/h2.jar"))).isEqualTo("lib/h2.jar");
        assertThat(context.resolve("jvm.options")).exists();
    }

    @Test
    void stagingAgainReplacesWhatAnEarlierBuildLeft() throws IOException {
        Path context = directory.resolve("context");
        Files.createDirectories(context.resolve("lib-gone"));
        Files.writeString(Files.createDirectories(context.resolve("lib")).resolve("old.jar"), "x");
        BuildImagesCommand.stageContext(
                Map.of("jvm.options", Files.writeString(directory.resolve("jvm.options"), "-Xss1m")),
                Map.of("auth", new TreeSet<>()),
                context);
        assertThat(files(context)).containsExactly("jvm.options", "lib", "lib-auth");
        assertThat(files(context.resolve("lib"))).isEmpty();
    }

    @Test
    void everyImageKeepsThePackagingJarWhichTheCliLoadsInEveryProcess() throws IOException {
        Path lib = Files.createDirectories(directory.resolve("lib"));
        jar(lib.resolve("opentwin-auth-0.1.0.jar"), "lib/opentwin-platform-core-0.1.0.jar:lib/picocli-4.7.7.jar");
        jar(
                lib.resolve("opentwin-database-0.1.0.jar"),
                "lib/opentwin-platform-core-0.1.0.jar:lib/picocli-4.7.7.jar:lib/h2-2.3.jar");
        for (String name : List.of(
                "opentwin-packaging-0.1.0.jar",
                "opentwin-platform-core-0.1.0.jar",
                "picocli-4.7.7.jar",
                "h2-2.3.jar")) {
            jar(lib.resolve(name), null);
        }

        Map<String, SortedSet<String>> leftOut = BuildImagesCommand.leftOut(lib, List.of("auth", "database"));

        assertThat(leftOut.get("auth"))
                .as("what only the database uses goes, the images commands stay")
                .containsExactly("h2-2.3.jar");
        assertThat(leftOut.get("database")).isEmpty();
    }

    /** A jar, with a service's class path list when {@code classPath} is given. */
    private static void jar(Path file, String classPath) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            if (classPath != null) {
                zip.putNextEntry(new ZipEntry(ServiceLibraries.LIST));
                zip.write(classPath.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static List<String> files(Path directory) throws IOException {
        try (Stream<Path> stream = Files.list(directory)) {
            return stream.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
