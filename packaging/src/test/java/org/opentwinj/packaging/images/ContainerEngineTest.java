package org.opentwinj.packaging.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

class ContainerEngineTest {
    @Test
    void anUnknownEngineIsRefusedWithTheValidOnes() {
        assertThat(ContainerEngine.parse(" Podman ")).isEqualTo(ContainerEngine.PODMAN);
        assertThatThrownBy(() -> ContainerEngine.parse("rkt"))
                .isInstanceOf(ExitException.class)
                .hasMessage("unknown container engine 'rkt': use podman, docker, buildah")
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION));
    }

    @Test
    void anEngineNotOnThePathIsRefusedWithHowToInstallIt() {
        assertThatThrownBy(() -> ContainerEngine.choose("docker", Map.of("PATH", "/nonexistent")))
                .hasMessage("docker is not installed (Debian: apt-get install docker.io)");
        assertThatThrownBy(() -> ContainerEngine.choose(null, Map.of("PATH", "/nonexistent")))
                .hasMessageContaining("no container engine found");
    }

    @Test
    void buildsInDockerFormatWithLayersSoTheHealthCheckAndSharedLayersSurvive() {
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put("JAVA_MODULES", "java.base");
        List<String> line = ContainerEngine.PODMAN.build(
                Path.of("/c/Containerfile"),
                "auth",
                arguments,
                Map.of(ImageInputs.LABEL, "sha256:1"),
                "localhost/opentwin/auth:1",
                Path.of("/ctx"));
        assertThat(line)
                .containsExactly(
                        "podman",
                        "build",
                        "--format",
                        "docker",
                        "--layers",
                        "--file",
                        "/c/Containerfile",
                        "--target",
                        "auth",
                        "--tag",
                        "localhost/opentwin/auth:1",
                        "--build-arg",
                        "JAVA_MODULES=java.base",
                        "--label",
                        "io.opentwinj.inputs=sha256:1",
                        "/ctx");
        assertThat(ContainerEngine.DOCKER.build(
                        Path.of("/c/Containerfile"), "auth", Map.of(), Map.of(), "i", Path.of("/ctx")))
                .startsWith("docker", "build", "--file");
    }

    @Test
    void savesOneMultiImageDockerArchiveAndBuildahCannot() {
        assertThat(ContainerEngine.PODMAN.save(Path.of("/o.tar"), List.of("a", "b")))
                .containsExactly(
                        "podman",
                        "save",
                        "--format",
                        "docker-archive",
                        "--multi-image-archive",
                        "--output",
                        "/o.tar",
                        "a",
                        "b");
        assertThat(ContainerEngine.DOCKER.save(Path.of("/o.tar"), List.of("a")))
                .containsExactly("docker", "save", "--output", "/o.tar", "a");
        assertThatThrownBy(() -> ContainerEngine.BUILDAH.save(Path.of("/o.tar"), List.of("a")))
                .hasMessageContaining("--engine podman");
    }

    @Test
    void readsTheInputsLabelAndSizesInBytes() {
        assertThat(ContainerEngine.PODMAN.label("i", ImageInputs.LABEL))
                .containsExactly(
                        "podman",
                        "image",
                        "inspect",
                        "--format",
                        "{{index .Config.Labels \"io.opentwinj.inputs\"}}",
                        "i");
        assertThat(ContainerEngine.parseBytes("79312345\n")).hasValue(79_312_345L);
        assertThat(ContainerEngine.parseBytes("79.3 MB")).isEmpty();
        assertThat(BuildImagesCommand.megabytes(79_312_345L)).isEqualTo("79.3 MB");
    }
}
