package org.opentwinj.packaging.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code images build} and {@code images save} share: the engine, the names, where the files are. */
public final class ImageOptions {
    /** The repository of the images' names unless {@code --repository} says otherwise. */
    public static final String DEFAULT_REPOSITORY = "localhost/opentwin";
    /** Where the build puts the distribution in a checkout (what the {@code ./opentwin} wrapper runs). */
    static final String DISTRIBUTION_IN_CHECKOUT = "clients/cli/target";

    private static final Pattern TARGET =
            Pattern.compile("^FROM\\s+service\\s+AS\\s+([a-z0-9-]+)\\s*$", Pattern.CASE_INSENSITIVE);

    @Option(
            names = "--engine",
            paramLabel = "podman|docker|buildah",
            description = "container engine [env: " + ContainerEngine.VARIABLE
                    + "; default: the first installed of podman, docker, buildah]")
    String engine;

    @Option(
            names = "--repository",
            paramLabel = "NAME",
            defaultValue = DEFAULT_REPOSITORY,
            description = "image names are NAME/<service>:TAG (default: ${DEFAULT-VALUE})")
    String repository;

    @Option(names = "--tag", paramLabel = "TAG", description = "image tag (default: this distribution's version)")
    String tag;

    @Option(
            names = "--containerfile",
            paramLabel = "FILE",
            description =
                    "the Containerfile with one target per service (default: deploy/containers/Containerfile of this checkout)")
    Path containerfile;

    @Option(
            names = "--distribution",
            paramLabel = "DIR",
            description = "the directory with opentwin-cli.jar and lib/ (default: the one this command runs from)")
    Path distribution;

    @Parameters(
            paramLabel = "SERVICE",
            arity = "0..*",
            description = "only these services (default: every target of the Containerfile)")
    List<String> services = new ArrayList<>();

    /**
     * The distribution: the flag, else the one this command runs from, else the one of the
     * checkout around the working directory.
     *
     * @param running the directory of the running opentwin-cli.jar; empty when not run from a distribution
     */
    Path distribution(Optional<Path> running) {
        Path found = distribution != null
                ? distribution
                : running.orElseGet(() -> Checkout.above(Path.of(""))
                        .map(checkout -> checkout.resolve(DISTRIBUTION_IN_CHECKOUT))
                        .orElse(Path.of(DISTRIBUTION_IN_CHECKOUT)));
        found = found.toAbsolutePath().normalize();
        if (!Files.isRegularFile(found.resolve("opentwin-cli.jar")) || !Files.isDirectory(found.resolve("lib"))) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "no distribution in " + found
                            + " (opentwin-cli.jar and lib/): build it with './opentwin build', or give --distribution");
        }
        return found;
    }

    /**
     * The Containerfile: the flag, else the one of the checkout the distribution was built in,
     * else of the checkout around the working directory.
     */
    Path containerfile(Path distribution) {
        List<Path> candidates = new ArrayList<>();
        if (containerfile != null) {
            candidates.add(containerfile);
        } else {
            Checkout.above(distribution)
                    .ifPresent(checkout -> candidates.add(checkout.resolve(Checkout.CONTAINERFILE)));
            Checkout.above(Path.of("")).ifPresent(checkout -> candidates.add(checkout.resolve(Checkout.CONTAINERFILE)));
            if (candidates.isEmpty()) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "no OpenTwin/J checkout (pom.xml, .mvn/ and " + Checkout.CONTAINERFILE + ") at or above "
                                + distribution + " or the working directory: give --containerfile");
            }
        }
        return candidates.stream()
                .map(path -> path.toAbsolutePath().normalize())
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "no Containerfile at " + candidates.getFirst() + ": give --containerfile"));
    }

    /** The services to handle: the ones named, each a target of the Containerfile, else all its targets in file order. */
    List<String> services(Path containerfile) {
        List<String> targets = targets(containerfile);
        if (targets.isEmpty()) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    containerfile + " has no service target ('FROM service AS <name>')");
        }
        if (services.isEmpty()) {
            return targets;
        }
        for (String service : services) {
            if (!targets.contains(service)) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "no image for service '" + service + "': the Containerfile has " + String.join(", ", targets));
            }
        }
        return List.copyOf(services);
    }

    /** The service targets of a Containerfile: its stages built {@code FROM service}, in file order. */
    public static List<String> targets(Path containerfile) {
        try {
            return Files.readAllLines(containerfile).stream()
                    .map(TARGET::matcher)
                    .filter(Matcher::matches)
                    .map(matcher -> matcher.group(1).toLowerCase(Locale.ROOT))
                    .toList();
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION, "cannot read " + containerfile + ": " + e.getMessage(), e);
        }
    }

    ContainerEngine engine(Map<String, String> environment) {
        return ContainerEngine.choose(engine, environment);
    }

    String image(String service) {
        return repository() + "/" + service + ":" + tag();
    }

    String repository() {
        String name = repository.strip();
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!name.matches("[a-z0-9]([a-z0-9._:/-]*[a-z0-9])?")) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "invalid --repository '" + repository
                            + "': lower-case letters, digits, '.', '_', '-', ':' and '/'");
        }
        return name;
    }

    String tag() {
        String value = tag != null ? tag : version();
        if (!value.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "invalid --tag '" + value + "': letters, digits, '_', '.' and '-', at most 128");
        }
        return value;
    }

    /** This distribution's version, from the jar manifest (the project's, as the CLI's); "dev" when run from classes. */
    static String version() {
        String version = ImageOptions.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
