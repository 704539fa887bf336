package org.opentwinj.packaging.images;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
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
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Builds one container image per service and prints their sizes.",
            "Each image: the distribution, a jlinked JRE of the modules the service needs, a non-root user,",
            "a health check and a JSON-array entry point running 'opentwin run <service>'. See docs/containers.md."
        })
final class BuildImagesCommand implements Callable<Integer> {
    /**
     * Targets whose service starts other services of the distribution inside its container:
     * the image holds the whole distribution and a JRE of every module it needs, less what
     * {@link #sessionImageLeavesOut} names.
     */
    static final List<String> RUN_ANY_SERVICE = List.of("lss");
    /** Targets that run a service of another name: the LSS that starts session services as pods. */
    static final Map<String, String> TARGET_SERVICE = Map.of("lss-kubernetes", "lss");
    /**
     * Modules a target carries next to its service's class path: the LSS finds its spawners by
     * name at run time (ServiceLoader), so its own jar does not list them. {@code lss-kubernetes}
     * adds the kubernetes spawner and its client; the {@code lss} image leaves them out.
     */
    static final Map<String, List<String>> TARGET_MODULES = Map.of("lss-kubernetes", List.of("spawner-kubernetes"));
    /** Services an LSS never starts as session services. */
    static final List<String> NOT_SESSION_SERVICES = List.of("database");
    /**
     * Modules whose jars every image keeps, though no service's class path names them: the CLI
     * builds its whole command tree in every process, {@code opentwin run} in a container too,
     * and the {@code images} commands are this module's.
     */
    static final List<String> EVERY_IMAGE_KEEPS = List.of("packaging");

    @Mixin
    ImageOptions options = new ImageOptions();

    @Option(
            names = "--local-base",
            description =
                    "first build the JDK and base images from this machine (deploy/containers/base/build-local-base.sh), for machines without a registry")
    boolean localBase;

    @Option(
            names = "--jdk-image",
            paramLabel = "IMAGE",
            description = "image jlink runs in (default: the Containerfile's, or the local one with --local-base)")
    String jdkImage;

    @Option(
            names = "--base-image",
            paramLabel = "IMAGE",
            description =
                    "image the services run on (default: the Containerfile's, or the local one with --local-base)")
    String baseImage;

    @Option(
            names = "--rebuild",
            description = "build every image, also those whose inputs did not change since they were built")
    boolean rebuild;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final Optional<Path> running;

    BuildImagesCommand(Map<String, String> environment, PrintStream out, Optional<Path> running) {
        this.environment = environment;
        this.out = out;
        this.running = running;
    }

    /** One image, built now or kept. */
    record Built(String service, String image, String size, String modules) {}

    @Override
    public Integer call() {
        ContainerEngine engine = options.engine(environment);
        Path distribution = options.distribution(running);
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
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(
                "org.opencontainers.image.revision",
                Checkout.above(distribution).map(BuildImagesCommand::revision).orElse("unknown"));

        Map<String, Path> sources = contextSources(distribution, containerfile.getParent());
        Map<String, String> bases = new TreeMap<>();
        for (String base : new String[] {jdkImage, baseImage}) {
            if (base != null) {
                EngineProcess.Result id = processes.run(engine.id(base));
                bases.put(base, id.succeeded() ? id.output().strip() : "not here");
            }
        }
        ImageInputs inputs = ImageInputs.of(containerfile, sources, arguments, bases);
        List<String> unchanged = rebuild
                ? List.of()
                : services.stream()
                        .filter(service -> inputs.forService(service)
                                .equals(label(engine, processes, options.image(service), ImageInputs.LABEL)))
                        .toList();
        labels.put(
                "org.opencontainers.image.created",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());

        JavaModules modules = null;
        Path context = null;
        if (unchanged.size() < services.size()) {
            long begin = System.nanoTime();
            Path lib = distribution.resolve("lib");
            List<Path> foundByName = TARGET_MODULES.values().stream()
                    .flatMap(List::stream)
                    .distinct()
                    .map(module -> JavaModules.serviceJar(lib, module))
                    .filter(jar -> !jar.isEmpty())
                    .map(lib::resolve)
                    .toList();
            modules = JavaModules.analyse(distribution.resolve("opentwin-cli.jar"), lib, foundByName);
            out.printf("JDK modules of each service found with jdeps (%.1f s)%n", seconds(begin));
            context = stageContext(
                    sources,
                    leftOut(distribution.resolve("lib"), ImageOptions.targets(containerfile)),
                    work.resolve("context"));
        }

        List<Built> built = new ArrayList<>();
        for (String service : services) {
            String image = options.image(service);
            out.print("  " + service + " ... ");
            out.flush();
            if (unchanged.contains(service)) {
                String size = size(engine, processes, image);
                out.println(image + " " + size + " (unchanged, kept)");
                built.add(
                        new Built(service, image, size, label(engine, processes, image, "io.opentwinj.java-modules")));
                continue;
            }
            SortedSet<String> needed = RUN_ANY_SERVICE.contains(service)
                    ? modules.forDistribution()
                    : modules.forService(targetJars(distribution.resolve("lib"), service));
            Map<String, String> serviceArguments = new LinkedHashMap<>(arguments);
            serviceArguments.put("JAVA_MODULES", String.join(",", needed));
            Map<String, String> serviceLabels = new LinkedHashMap<>(labels);
            serviceLabels.put(ImageInputs.LABEL, inputs.forService(service));
            long start = System.nanoTime();
            EngineProcess.Result result = processes.run(
                    engine.build(containerfile, service, serviceArguments, serviceLabels, image, context), log);
            if (!result.succeeded()) {
                out.println("failed");
                throw new ExitException(
                        ExitCode.INTERNAL_ERROR,
                        engine.command() + " could not build " + image + " (exit code " + result.exitCode() + "):\n"
                                + result.tail(15) + "\nthe whole log: " + log);
            }
            String size = size(engine, processes, image);
            out.printf("%s %s (%.1f s)%n", image, size, seconds(start));
            built.add(new Built(service, image, size, String.join(",", needed)));
        }
        printSummary(built);
        return ExitCode.OK.code();
    }

    /** The value of an image's label; empty when the image or the label is missing. */
    private static String label(ContainerEngine engine, EngineProcess processes, String image, String label) {
        EngineProcess.Result result = processes.run(engine.label(image, label));
        String value = result.succeeded() ? result.output().strip() : "";
        return value.equals("<no value>") ? "" : value;
    }

    /** The service a target runs. */
    static String serviceOf(String target) {
        return TARGET_SERVICE.getOrDefault(target, target);
    }

    /** The jars of lib/ whose class paths a target needs: its service's, and those of its {@link #TARGET_MODULES}. */
    static List<String> targetJars(Path lib, String target) {
        List<String> jars = new ArrayList<>();
        jars.add(JavaModules.serviceJar(lib, serviceOf(target)));
        TARGET_MODULES.getOrDefault(target, List.of()).forEach(module -> jars.add(JavaModules.serviceJar(lib, module)));
        return jars;
    }

    /**
     * Per target of the Containerfile, the jars of lib/ its image leaves out: those not on the
     * class paths of its {@link #targetJars} ({@link ServiceLibraries}); for a target of
     * {@link #RUN_ANY_SERVICE}, those of {@link #sessionImageLeavesOut}; never those of
     * {@link #EVERY_IMAGE_KEEPS}.
     */
    static Map<String, SortedSet<String>> leftOut(Path lib, List<String> targets) {
        Map<String, String> serviceJars = new LinkedHashMap<>();
        for (String target : targets) {
            serviceJars.put(serviceOf(target), JavaModules.serviceJar(lib, serviceOf(target)));
        }
        Map<String, SortedSet<String>> leftOut = new LinkedHashMap<>();
        for (String target : targets) {
            List<String> jars = targetJars(lib, target);
            leftOut.put(
                    target,
                    RUN_ANY_SERVICE.contains(target)
                            ? sessionImageLeavesOut(lib, serviceJars)
                            : jars.contains("")
                                    ? new TreeSet<>()
                                    : ServiceLibraries.leftOut(lib, jars, serviceJars.values()));
        }
        for (String module : EVERY_IMAGE_KEEPS) {
            String kept = JavaModules.serviceJar(lib, module);
            leftOut.values().forEach(jars -> jars.remove(kept));
        }
        return leftOut;
    }

    /**
     * What the image of an LSS that starts session services in its container leaves out of the
     * distribution: the jars only the services it never starts use (the embedded database's
     * H2 and netty), and those only the Kubernetes spawner uses (its client: 20 MB; the
     * lss-kubernetes image has it).
     */
    static SortedSet<String> sessionImageLeavesOut(Path lib, Map<String, String> serviceJars) {
        SortedSet<String> leftOut = new TreeSet<>();
        for (String service : NOT_SESSION_SERVICES) {
            String jar = serviceJars.getOrDefault(service, "");
            if (!jar.isEmpty()) {
                List<String> others = serviceJars.entrySet().stream()
                        .filter(entry -> !entry.getKey().equals(service))
                        .map(Map.Entry::getValue)
                        .toList();
                leftOut.addAll(ServiceLibraries.onlyFor(lib, jar, others));
            }
        }
        // The LSS's own class path has the local spawner only; the others come with their modules.
        String kubernetes = JavaModules.serviceJar(lib, "spawner-kubernetes");
        if (!kubernetes.isEmpty()) {
            List<String> others =
                    serviceJars.values().stream().filter(jar -> !jar.isEmpty()).toList();
            leftOut.addAll(ServiceLibraries.onlyFor(lib, kubernetes, others));
        }
        return leftOut;
    }

    private void buildLocalBase(ContainerEngine engine, Path containerfile, EngineProcess processes, Path log) {
        Path script = containerfile.getParent().resolve("base/build-local-base.sh");
        Path javaHome = Path.of(System.getProperty("java.home"));
        if (!Files.isRegularFile(script)) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "no " + script + " next to the Containerfile");
        }
        if (!Files.isExecutable(javaHome.resolve("bin/jlink"))) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "--local-base copies the JDK this command runs on, but " + javaHome
                            + " has no jlink: run it with a JDK");
        }
        String jdk = jdkImage != null
                ? jdkImage
                : options.repository() + "/jdk:" + Runtime.version().feature();
        String base = baseImage != null ? baseImage : options.repository() + "/base:" + options.tag();
        out.print("  local JDK image " + jdk + " and base image " + base + " from " + javaHome + " ... ");
        out.flush();
        // The script and the JDK (its release file names the exact build) are the inputs.
        String inputs =
                ImageInputs.ofFiles(List.of(script, javaHome.resolve("release")), javaHome + " " + engine.command());
        if (!rebuild
                && inputs.equals(label(engine, processes, jdk, ImageInputs.LABEL))
                && inputs.equals(label(engine, processes, base, ImageInputs.LABEL))) {
            out.println("unchanged, kept");
        } else {
            long start = System.nanoTime();
            EngineProcess.Result result = processes.run(
                    List.of(
                            "bash",
                            script.toString(),
                            "--engine",
                            engine.command(),
                            "--java-home",
                            javaHome.toString(),
                            "--jdk-image",
                            jdk,
                            "--base-image",
                            base,
                            "--inputs",
                            inputs),
                    log);
            if (!result.succeeded()) {
                out.println("failed");
                throw new ExitException(
                        result.exitCode() == 2 ? ExitCode.INVALID_CONFIGURATION : ExitCode.INTERNAL_ERROR,
                        "building the local base images failed:\n" + result.tail(10) + "\nthe whole log: " + log);
            }
            out.printf("done (%.1f s)%n", seconds(start));
        }
        jdkImage = jdk;
        baseImage = base;
    }

    /** The files of the build context, by their name in it: lib/ (the CLI jar and the distribution's jars) and jvm.options. */
    static Map<String, Path> contextSources(Path distribution, Path containers) {
        Map<String, Path> sources = new TreeMap<>();
        sources.put("lib/opentwin-cli.jar", distribution.resolve("opentwin-cli.jar"));
        try (Stream<Path> files = Files.list(distribution.resolve("lib"))) {
            files.filter(path -> path.getFileName().toString().endsWith(".jar"))
                    .forEach(jar -> sources.put("lib/" + jar.getFileName(), jar));
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "cannot list " + distribution.resolve("lib") + ": " + e.getMessage(),
                    e);
        }
        Path options = containers.resolve("jvm.options");
        if (!Files.isRegularFile(options)) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "no " + options + " next to the Containerfile");
        }
        sources.put("jvm.options", options);
        return sources;
    }

    /**
     * Writes the build context: the sources at their names (hard links where possible), except
     * the jars some image leaves out: those go to {@code lib-<service>/} of each service that
     * keeps them instead of {@code lib/}, which every image copies. Every {@code lib-<service>/}
     * exists, also when empty, because the service's target of the Containerfile copies it.
     *
     * @param leftOut per service (every target of the Containerfile), the jars its image leaves out
     */
    static Path stageContext(Map<String, Path> sources, Map<String, SortedSet<String>> leftOut, Path context) {
        try {
            deleteTree(context);
            Files.createDirectories(context.resolve("lib"));
            for (String service : leftOut.keySet()) {
                Files.createDirectories(context.resolve("lib-" + service));
            }
            for (Map.Entry<String, Path> source : sources.entrySet()) {
                String name = source.getKey();
                String fileName = Path.of(name).getFileName().toString();
                boolean someLeaveOut =
                        name.startsWith("lib/") && leftOut.values().stream().anyMatch(jars -> jars.contains(fileName));
                if (!someLeaveOut) {
                    link(source.getValue(), context.resolve(name));
                    continue;
                }
                for (Map.Entry<String, SortedSet<String>> service : leftOut.entrySet()) {
                    if (!service.getValue().contains(fileName)) {
                        link(
                                source.getValue(),
                                context.resolve("lib-" + service.getKey()).resolve(fileName));
                    }
                }
            }
            return context;
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "cannot prepare the build context in " + context + ": " + e.getMessage(),
                    e);
        }
    }

    private static void link(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static String size(ContainerEngine engine, EngineProcess processes, String image) {
        EngineProcess.Result result = processes.run(engine.size(image));
        if (!result.succeeded()) {
            return "(size unknown)";
        }
        OptionalLong bytes = ContainerEngine.parseBytes(result.output());
        return bytes.isPresent()
                ? megabytes(bytes.getAsLong())
                : result.output().strip();
    }

    /** Megabytes of 10^6 bytes, as podman and docker show them. */
    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private void printSummary(List<Built> built) {
        out.println();
        int width = built.stream().mapToInt(b -> b.image().length()).max().orElse(10);
        out.printf("%-" + width + "s  %s%n", "IMAGE", "SIZE");
        for (Built image : built) {
            out.printf("%-" + width + "s  %s%n", image.image(), image.size());
        }
        Map<String, List<String>> sets = new LinkedHashMap<>();
        built.stream()
                .sorted(Comparator.comparing(Built::service))
                .forEach(image -> sets.computeIfAbsent(image.modules(), key -> new ArrayList<>())
                        .add(image.service()));
        out.println();
        out.println("JRE modules (jlink adds what they require):");
        sets.forEach((modules, services) -> out.println("  " + String.join(", ", services) + ": " + modules));
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
