package org.opentwinj.cli.images;

import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code opentwin images build | save}: the containers level's images. */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = {"Container images of the services: build them, save them to one archive.", "See docs/containers.md."})
public final class ImagesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private ImagesCommand() {}

    /**
     * @param environment the process environment; also passed to the engine, so that
     *     {@code CONTAINERS_CONF} and the like reach it
     * @param out         where progress and sizes go
     */
    public static CommandLine newCommandLine(Map<String, String> environment, PrintStream out) {
        CommandLine images = new CommandLine(new ImagesCommand());
        images.addSubcommand("build", new CommandLine(new BuildImagesCommand(environment, out)));
        images.addSubcommand("save", new CommandLine(new SaveImagesCommand(environment, out)));
        return images;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: build or save");
    }
}
