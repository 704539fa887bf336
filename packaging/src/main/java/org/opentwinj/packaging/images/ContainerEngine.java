package org.opentwinj.packaging.images;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * The container engines the images are built with, and the command lines each one takes.
 * Pure: nothing here runs a process ({@link EngineProcess} does).
 */
enum ContainerEngine {
    PODMAN("podman"),
    DOCKER("docker"),
    BUILDAH("buildah");

    /** The variable naming the engine when {@code --engine} is not given. */
    static final String VARIABLE = "OPEN_TWIN_CONTAINER_ENGINE";

    private final String command;

    ContainerEngine(String command) {
        this.command = command;
    }

    String command() {
        return command;
    }

    /** @throws ExitException (invalid configuration) naming the valid engines */
    static ContainerEngine parse(String name) {
        for (ContainerEngine engine : values()) {
            if (engine.command.equals(name.strip().toLowerCase(Locale.ROOT))) {
                return engine;
            }
        }
        throw new ExitException(
                ExitCode.INVALID_CONFIGURATION,
                "unknown container engine '" + name + "': use "
                        + Arrays.stream(values()).map(ContainerEngine::command).collect(Collectors.joining(", ")));
    }

    /**
     * The engine to use: the one asked for (flag, then {@link #VARIABLE}), else the first of
     * podman, docker and buildah that is installed.
     *
     * @throws ExitException (invalid configuration) when the engine is not installed
     */
    static ContainerEngine choose(String requested, Map<String, String> environment) {
        String name = requested != null ? requested : environment.get(VARIABLE);
        if (name != null && !name.isBlank()) {
            ContainerEngine engine = parse(name);
            if (!engine.isInstalled(environment)) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        engine.command + " is not installed (" + engine.installHint() + ")");
            }
            return engine;
        }
        return Arrays.stream(values())
                .filter(engine -> engine.isInstalled(environment))
                .findFirst()
                .orElseThrow(
                        () -> new ExitException(
                                ExitCode.INVALID_CONFIGURATION,
                                "no container engine found: install podman (Debian: apt-get install podman runc), docker or buildah"));
    }

    boolean isInstalled(Map<String, String> environment) {
        return executable(command, environment).isPresent();
    }

    /** A program on the PATH of the environment. */
    static Optional<Path> executable(String program, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    String installHint() {
        return switch (this) {
            case PODMAN -> "Debian: apt-get install podman runc";
            case DOCKER -> "Debian: apt-get install docker.io";
            case BUILDAH -> "Debian: apt-get install buildah";
        };
    }

    /**
     * Builds one target of the Containerfile. Docker format, because the OCI image format
     * has no HEALTHCHECK; layers kept, so the distribution's layer is built once and shared.
     * Labels whose value changes from build to build (time, revision, inputs digest) are given
     * here, not as a {@code LABEL} of the Containerfile: buildah's layer cache reuses a
     * {@code LABEL} step whatever the value of the build argument in it.
     */
    List<String> build(
            Path containerfile,
            String target,
            Map<String, String> buildArguments,
            Map<String, String> labels,
            String image,
            Path context) {
        List<String> line = new ArrayList<>(
                switch (this) {
                    case PODMAN -> List.of("podman", "build", "--format", "docker", "--layers");
                    case BUILDAH -> List.of("buildah", "build", "--format", "docker", "--layers");
                    case DOCKER -> List.of("docker", "build");
                });
        line.addAll(List.of("--file", containerfile.toString(), "--target", target, "--tag", image));
        buildArguments.forEach((name, value) -> line.addAll(List.of("--build-arg", name + "=" + value)));
        labels.forEach((name, value) -> line.addAll(List.of("--label", name + "=" + value)));
        line.add(context.toString());
        return line;
    }

    /** The command that prints an image's size. */
    List<String> size(String image) {
        return switch (this) {
            case PODMAN, DOCKER -> List.of(command, "image", "inspect", "--format", "{{.Size}}", image);
            case BUILDAH -> List.of("buildah", "images", "--format", "{{.Size}}", image);
        };
    }

    /** The command that prints the value of an image's label (an empty line when it has none); fails when there is no such image. */
    List<String> label(String image, String label) {
        return switch (this) {
            case PODMAN, DOCKER ->
                List.of(command, "image", "inspect", "--format", "{{index .Config.Labels \"" + label + "\"}}", image);
            case BUILDAH ->
                List.of(
                        "buildah",
                        "inspect",
                        "--type",
                        "image",
                        "--format",
                        "{{index .OCIv1.Config.Labels \"" + label + "\"}}",
                        image);
        };
    }

    /** The command that prints an image's id; fails when there is no such image here. */
    List<String> id(String image) {
        return switch (this) {
            case PODMAN, DOCKER -> List.of(command, "image", "inspect", "--format", "{{.Id}}", image);
            case BUILDAH -> List.of("buildah", "inspect", "--type", "image", "--format", "{{.FromImageID}}", image);
        };
    }

    /** The size in bytes from the output of {@link #size}, when the engine gives bytes. */
    static OptionalLong parseBytes(String output) {
        String text = output.strip();
        return text.matches("\\d{1,19}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
    }

    /**
     * Writes the images into one docker-archive tar, which {@code podman load}, {@code docker
     * load} and containerd's {@code ctr images import} all read.
     *
     * @throws ExitException for buildah, which cannot put several images in one archive
     */
    List<String> save(Path archive, List<String> images) {
        List<String> line = new ArrayList<>(
                switch (this) {
                    case PODMAN ->
                        List.of(
                                "podman",
                                "save",
                                "--format",
                                "docker-archive",
                                "--multi-image-archive",
                                "--output",
                                archive.toString());
                    case DOCKER -> List.of("docker", "save", "--output", archive.toString());
                    case BUILDAH ->
                        throw new ExitException(
                                ExitCode.INVALID_CONFIGURATION,
                                "buildah cannot write several images into one archive; use --engine podman (it shares buildah's image store) or docker");
                });
        line.addAll(images);
        return line;
    }
}
