package org.opentwinj.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputsTest {
    @TempDir
    Path directory;

    @Test
    void theDigestChangesWithAnyInputButNotWithTheCreationTimeOrRevision() throws IOException {
        Path containerfile = Files.writeString(directory.resolve("Containerfile"), "FROM service AS auth\n");
        Path jar = Files.writeString(directory.resolve("a.bin"), "one");
        Map<String, Path> files = Map.of("lib/a.jar", jar);
        Map<String, String> arguments = Map.of("VERSION", "1", "CREATED", "2026-01-01T00:00:00Z");
        Map<String, String> bases = Map.of("base", "sha256:1");
        String first = ImageInputs.of(containerfile, files, arguments, bases).forService("auth");

        assertThat(ImageInputs.of(
                                containerfile,
                                files,
                                Map.of("VERSION", "1", "CREATED", "2027-01-01T00:00:00Z", "REVISION", "abc"),
                                bases)
                        .forService("auth"))
                .isEqualTo(first)
                .startsWith("sha256:");
        assertThat(ImageInputs.of(containerfile, files, arguments, bases).forService("gss"))
                .isNotEqualTo(first);
        assertThat(ImageInputs.of(containerfile, files, Map.of("VERSION", "2"), bases)
                        .forService("auth"))
                .isNotEqualTo(first);
        assertThat(ImageInputs.of(containerfile, files, arguments, Map.of("base", "sha256:2"))
                        .forService("auth"))
                .isNotEqualTo(first);
        assertThat(ImageInputs.of(containerfile, Map.of("lib/b.jar", jar), arguments, bases)
                        .forService("auth"))
                .isNotEqualTo(first);
        Files.writeString(jar, "two");
        assertThat(ImageInputs.of(containerfile, files, arguments, bases).forService("auth"))
                .isNotEqualTo(first);
        Files.writeString(jar, "one");
        Files.writeString(containerfile, "FROM service AS auth\nEXPOSE 1\n");
        assertThat(ImageInputs.of(containerfile, files, arguments, bases).forService("auth"))
                .isNotEqualTo(first);
    }

    @Test
    void aJarCountsByItsEntriesNotByItsTimeStamps() throws IOException {
        Path containerfile = Files.writeString(directory.resolve("Containerfile"), "FROM service AS auth\n");
        Path jar = directory.resolve("a.jar");
        writeJar(jar, "A.class", "one", 1_000_000L);
        String first = ImageInputs.of(containerfile, Map.of("lib/a.jar", jar), Map.of(), Map.of())
                .forService("auth");
        writeJar(jar, "A.class", "one", 2_000_000_000L);
        assertThat(ImageInputs.of(containerfile, Map.of("lib/a.jar", jar), Map.of(), Map.of())
                        .forService("auth"))
                .isEqualTo(first);
        writeJar(jar, "A.class", "two", 1_000_000L);
        assertThat(ImageInputs.of(containerfile, Map.of("lib/a.jar", jar), Map.of(), Map.of())
                        .forService("auth"))
                .isNotEqualTo(first);
        writeJar(jar, "B.class", "one", 1_000_000L);
        assertThat(ImageInputs.of(containerfile, Map.of("lib/a.jar", jar), Map.of(), Map.of())
                        .forService("auth"))
                .isNotEqualTo(first);
    }

    private static void writeJar(Path jar, String entry, String content, long time) throws IOException {
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            java.util.zip.ZipEntry zipEntry = new java.util.zip.ZipEntry(entry);
            zipEntry.setTime(time);
            out.putNextEntry(zipEntry);
            out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    @Test
    void theBaseImagesDigestCoversTheFilesAndTheText() throws IOException {
        Path script = Files.writeString(directory.resolve("build.sh"), "echo 1");
        String first = ImageInputs.ofFiles(List.of(script), "/jdk podman");
        assertThat(ImageInputs.ofFiles(List.of(script), "/jdk podman")).isEqualTo(first);
        assertThat(ImageInputs.ofFiles(List.of(script), "/jdk docker")).isNotEqualTo(first);
        Files.writeString(script, "echo 2");
        assertThat(ImageInputs.ofFiles(List.of(script), "/jdk podman")).isNotEqualTo(first);
    }
}
