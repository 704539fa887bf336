package org.opentwinj.cli.images;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code opentwin images build}: one image per service from deploy/containers/Containerfile,
 * each with a JRE of the modules jdeps finds the service needs, then their sizes.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Builds one container image per service and prints their sizes.",
            "Each image: the distribution, a jlinked JRE of the modules the service needs, a non-root user,",
            "a health check and a JSON-array entry point running 'opentwin run <service>'. See docs/containers.md."})
final class BuildImagesCommand implements Callable<Integer> {
    /** Services that start other services of the distribution inside their own container. */
    static final List<String> RUN_ANY_SERVICE = List.of("lss");

    @Mixin
    ImageOptions options = new ImageOptions();

    @Option(names = "--local-base",
            description = "first build the JDK and base images from this machine (deploy/containers/base/build-local-base.sh), for machines without a registry")
    boolean localBase;

    @Option(names = "--jdk-image", paramLabel = "IMAGE", description = "image jlink runs in (default: the Containerfile's, or the local one with --local-base)")
    String jdkImage;

    @Option(names = "--base-image", paramLabel = "IMAGE", description = "image the services run on (default: the Containerfile's, or the local one with --local-base)")
    String baseImage;

    private final Map<String, String> environment;
    private final PrintStream out;

    BuildImagesCommand(Map<String, String> environment, PrintStream out) {
        this.environment = environment;
        this.out = out;
    }

    /** One built image. */
    record Built(String service, String image, String size, SortedSet<String> modules) {}

    @Override
    public Integer call() {
        ContainerEngine engine = options.engine(environment);
        Path distribution = options.distribution();
        Path containerfile = options.containerfile(distribution);
        List<String> services = options.services(containerfile);
        Path work = distribution.resolve("images");
        Path log = work.resolve("build.log");
        EngineProcess processes = new EngineProcess(environment);
        deleteIfExists(log);
        out.println("building " + services.size() + " images with " + engine.command() + " (log: " + log + ")");

        Map<String, String> arguments = new LinkedHashMap<>();
        if (localBase) {
            buildLocalBase(engine, containerfile, processes, log);
        }
        if (jdkImage != null) {
            arguments.put("JDK_IMAGE", jdkImage);
        }
        if (baseImage != null) {
            arguments.put("BASE_IMAGE", baseImage);
        }
        arguments.put("VERSION", ImageOptions.version());
        arguments.put("REVISION", revision(distribution.resolve("../../..").normalize()));
        arguments.put("CREATED", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());

        long begin = System.nanoTime();
        JavaModules modules = JavaModules.analyse(distribution.resolve("opentwin-cli.jar"), distribution.resolve("lib"));
        out.printf("JDK modules of each service found with jdeps (%.1f s)%n", seconds(begin));
        Path context = stageContext(distribution, containerfile.getParent(), work.resolve("context"));

        List<Built> built = new ArrayList<>();
        for (String service : services) {
            SortedSet<String> needed = RUN_ANY_SERVICE.contains(service) ? modules.forDistribution()
                    : modules.forService(JavaModules.serviceJar(distribution.resolve("lib"), service));
            Map<String, String> serviceArguments = new LinkedHashMap<>(arguments);
            serviceArguments.put("JAVA_MODULES", String.join(",", needed));
            String image = options.image(service);
            out.print("  " + service + " ... ");
            out.flush();
            long start = System.nanoTime();
            EngineProcess.Result result = processes.run(engine.build(containerfile, service, serviceArguments, image, context), log);
            if (!result.succeeded()) {
                out.println("failed");
                throw new ExitException(ExitCode.INTERNAL_ERROR, engine.command() + " could not build " + image + " (exit code "
                        + result.exitCode() + "):\n" + result.tail(15) + "\nthe whole log: " + log);
            }
            String size = size(engine, processes, image);
            out.printf("%s %s (%.1f s)%n", image, size, seconds(start));
            built.add(new Built(service, image, size, needed));
        }
        printSummary(built);
        return ExitCode.OK.code();
    }

    private void buildLocalBase(ContainerEngine engine, Path containerfile, EngineProcess processes, Path log) {
        Path script = containerfile.getParent().resolve("base/build-local-base.sh");
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (!Files.isRegularFile(script)) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "no " + script + " next to the Containerfile");
        }
        if (!Files.isExecutable(javaHome.resolve("bin/jlink"))) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "--local-base copies the JDK this command runs on, but "
                    + javaHome + " has no jlink: run it with a JDK");
        }
        String jdk = jdkImage != null ? jdkImage : options.repository() + "/jdk:" + Runtime.version().feature();
        String base = baseImage != null ? baseImage : options.repository() + "/base:" + options.tag();
        out.print("  local JDK image " + jdk + " and base image " + base + " from " + javaHome + " ... ");
        out.flush();
        long start = System.nanoTime();
        EngineProcess.Result result = processes.run(List.of("bash", script.toString(), "--engine", engine.command(),
                "--java-home", javaHome.toString(), "--jdk-image", jdk, "--base-image", base), log);
        if (!result.succeeded()) {
            out.println("failed");
            throw new ExitException(result.exitCode() == 2 ? ExitCode.INVALID_CONFIGURATION : ExitCode.INTERNAL_ERROR,
                    "building the local base images failed:\n" + result.tail(10) + "\nthe whole log: " + log);
        }
        out.printf("done (%.1f s)%n", seconds(start));
        jdkImage = jdk;
        baseImage = base;
    }

    /** The build context: the distribution's jars in lib/ (hard links where possible) and jvm.options. */
    static Path stageContext(Path distribution, Path containers, Path context) {
        try {
            deleteTree(context);
            Path lib = Files.createDirectories(context.resolve("lib"));
            List<Path> jars = new ArrayList<>();
            jars.add(distribution.resolve("opentwin-cli.jar"));
            try (Stream<Path> files = Files.list(distribution.resolve("lib"))) {
                files.filter(path -> path.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
            }
            for (Path jar : jars) {
                Path target = lib.resolve(jar.getFileName().toString());
                try {
                    Files.createLink(target, jar);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(jar, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Files.copy(containers.resolve("jvm.options"), context.resolve("jvm.options"));
            return context;
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot prepare the build context in " + context + ": " + e.getMessage(), e);
        }
    }

    private static String size(ContainerEngine engine, EngineProcess processes, String image) {
        EngineProcess.Result result = processes.run(engine.size(image));
        if (!result.succeeded()) {
            return "(size unknown)";
        }
        OptionalLong bytes = ContainerEngine.parseBytes(result.output());
        return bytes.isPresent() ? megabytes(bytes.getAsLong()) : result.output().strip();
    }

    /** Megabytes of 10^6 bytes, as podman and docker show them. */
    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private void printSummary(List<Built> built) {
        out.println();
        int width = built.stream().mapToInt(b -> b.image().length()).max().orElse(10);
        out.printf("%-" + width + "s  %s%n", "IMAGE", "SIZE");
        for (Built image : built) {
            out.printf("%-" + width + "s  %s%n", image.image(), image.size());
        }
        Map<SortedSet<String>, List<String>> sets = new LinkedHashMap<>();
        built.stream().sorted(Comparator.comparing(Built::service))
                .forEach(image -> sets.computeIfAbsent(image.modules(), key -> new ArrayList<>()).add(image.service()));
        out.println();
        out.println("JRE modules (jlink adds what they require):");
        sets.forEach((modules, services) -> out.println("  " + String.join(", ", services) + ": " + String.join(",", modules)));
    }

    /** The checkout's commit, read from .git without running git; "unknown" outside a checkout. */
    static String revision(Path checkout) {
        Path git = checkout.resolve(".git");
        try {
            if (!Files.isDirectory(git)) {
                return "unknown";
            }
            String head = Files.readString(git.resolve("HEAD")).strip();
            if (!head.startsWith("ref: ")) {
                return head;
            }
            String ref = head.substring("ref: ".length());
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Files.readString(loose).strip();
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed)) {
                    if (line.endsWith(" " + ref)) {
                        return line.substring(0, line.indexOf(' '));
                    }
                }
            }
            return "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
