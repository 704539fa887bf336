package org.opentwinj.packaging.images;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code opentwin images build | save}: the containers level's images. The packaging module
 * contributes these commands to the CLI, which adds them to its tree (the CLI depends on this
 * module, not the other way round).
 */
@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        description = {
            "Container images of the services: build them, save them to one archive.",
            "See docs/containers.md."
        })
public final class ImagesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private ImagesCommand() {}

    /**
     * @param environment the process environment; also passed to the engine, so that
     *     {@code CONTAINERS_CONF} and the like reach it
     * @param out         where progress and sizes go
     * @param running     the distribution the command runs from (the directory of opentwin-cli.jar
     *                    and lib/); empty when it runs from classes, e.g. in a test
     */
    public static CommandLine newCommandLine(Map<String, String> environment, PrintStream out, Optional<Path> running) {
        CommandLine images = new CommandLine(new ImagesCommand());
        images.addSubcommand("build", new CommandLine(new BuildImagesCommand(environment, out, running)));
        images.addSubcommand("save", new CommandLine(new SaveImagesCommand(environment, out, running)));
        return images;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: build or save");
    }
}
