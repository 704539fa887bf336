package org.opentwinj.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
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
        BuildImagesCommand.stageContext(Map.of("jvm.options", Files.writeString(directory.resolve("jvm.options"), "-Xss1m")),
                Map.of("auth", new TreeSet<>()), context);
        assertThat(files(context)).containsExactly("jvm.options", "lib", "lib-auth");
        assertThat(files(context.resolve("lib"))).isEmpty();
    }

    private static List<String> files(Path directory) throws IOException {
        try (Stream<Path> stream = Files.list(directory)) {
            return stream.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
