package org.opentwinj.packaging.images;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code opentwin images save}: the built images in one docker-archive tar, for machines
 * without a registry (the thesis's build-image.ps1 did this by hand for ContainerD).
 */
@Command(
        name = "save",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the service images into one archive (docker-archive tar) that",
            "'podman load', 'docker load' and containerd's 'ctr images import' accept."
        })
final class SaveImagesCommand implements Callable<Integer> {
    @Mixin
    ImageOptions options = new ImageOptions();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "the archive to write (default: opentwin-images-<tag>.tar)")
    Path output;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final Optional<Path> running;

    SaveImagesCommand(Map<String, String> environment, PrintStream out, Optional<Path> running) {
        this.environment = environment;
        this.out = out;
        this.running = running;
    }

    @Override
    public Integer call() {
        ContainerEngine engine = options.engine(environment);
        Path containerfile = options.containerfile(options.distribution(running));
        List<String> images =
                options.services(containerfile).stream().map(options::image).toList();
        Path archive =
                (output != null ? output : Path.of("opentwin-images-" + options.tag() + ".tar")).toAbsolutePath();
        try {
            Files.createDirectories(archive.getParent());
            // podman refuses to overwrite an archive.
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION, "cannot write " + archive + ": " + e.getMessage(), e);
        }
        EngineProcess.Result result = new EngineProcess(environment).run(engine.save(archive, images));
        if (!result.succeeded()) {
            throw new ExitException(
                    ExitCode.INTERNAL_ERROR,
                    engine.command() + " could not save the images (exit code " + result.exitCode()
                            + "; were they built with 'opentwin images build'?):\n" + result.tail(10));
        }
        long bytes;
        try {
            bytes = Files.size(archive);
        } catch (IOException e) {
            throw new ExitException(ExitCode.INTERNAL_ERROR, engine.command() + " wrote no archive at " + archive, e);
        }
        out.println(
                "saved " + images.size() + " images to " + archive + " (" + BuildImagesCommand.megabytes(bytes) + "):");
        images.forEach(image -> out.println("  " + image));
        out.println("load them with one of:");
        out.println("  podman load -i " + archive);
        out.println("  docker load -i " + archive);
        out.println("  ctr -n k8s.io images import " + archive);
        return ExitCode.OK.code();
    }
}
