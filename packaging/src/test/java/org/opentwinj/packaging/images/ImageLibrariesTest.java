package org.opentwinj.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which jars each image leaves out, from the class paths the build writes into the jars: the
 * LSS finds its spawners by name, so the kubernetes spawner and its client go into the
 * lss-kubernetes image only.
 */
class ImageLibrariesTest {
    @TempDir
    Path lib;

    private void jar(String name, String... classPath) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(lib.resolve(name)))) {
            if (classPath.length > 0) {
                out.putNextEntry(new ZipEntry(ServiceLibraries.LIST));
                out.write(String.join(
                                ":",
                                List.of(classPath).stream()
                                        .map(jar -> "lib/" + jar)
                                        .toList())
                        .getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    @BeforeEach
    void distribution() throws IOException {
        jar("opentwin-launcher-1.0.jar");
        jar("h2-1.0.jar");
        jar("kubernetes-client-1.0.jar");
        jar("opentwin-spawner-1.0.jar", "opentwin-launcher-1.0.jar");
        jar(
                "opentwin-spawner-kubernetes-1.0.jar",
                "opentwin-spawner-1.0.jar",
                "opentwin-launcher-1.0.jar",
                "kubernetes-client-1.0.jar");
        jar("opentwin-lss-1.0.jar", "opentwin-launcher-1.0.jar", "opentwin-spawner-1.0.jar");
        jar("opentwin-database-1.0.jar", "opentwin-launcher-1.0.jar", "h2-1.0.jar");
        jar("opentwin-model-1.0.jar", "opentwin-launcher-1.0.jar");
    }

    @Test
    void theKubernetesSpawnerAndItsClientAreInTheLssKubernetesImageAlone() {
        Map<String, SortedSet<String>> leftOut =
                BuildImagesCommand.leftOut(lib, List.of("database", "lss", "lss-kubernetes", "model"));

        assertThat(leftOut.get("lss-kubernetes")).containsExactly("h2-1.0.jar");
        // The lss image runs every session service, never the embedded database.
        assertThat(leftOut.get("lss"))
                .containsExactly(
                        "h2-1.0.jar",
                        "kubernetes-client-1.0.jar",
                        "opentwin-database-1.0.jar",
                        "opentwin-spawner-kubernetes-1.0.jar");
        assertThat(leftOut.get("model"))
                .containsExactly(
                        "h2-1.0.jar",
                        "kubernetes-client-1.0.jar",
                        "opentwin-spawner-1.0.jar",
                        "opentwin-spawner-kubernetes-1.0.jar");
        assertThat(leftOut.get("database"))
                .contains("kubernetes-client-1.0.jar")
                .doesNotContain("h2-1.0.jar");
        assertThat(BuildImagesCommand.targetJars(lib, "lss-kubernetes"))
                .containsExactly("opentwin-lss-1.0.jar", "opentwin-spawner-kubernetes-1.0.jar");
    }

    @Test
    void withoutTheKubernetesModuleTheLssKubernetesImageKeepsEverything() throws IOException {
        Files.delete(lib.resolve("opentwin-spawner-kubernetes-1.0.jar"));

        assertThat(BuildImagesCommand.leftOut(lib, List.of("lss-kubernetes")).get("lss-kubernetes"))
                .isEmpty();
    }
}
