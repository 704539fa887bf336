package org.opentwinj.packaging.images;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * Which JDK modules a service needs, so that its image's JRE holds those and no more.
 *
 * <p>One {@code jdeps -s -R} run over the distribution, rooted at the CLI jar, gives the
 * dependencies of every jar on other jars and on JDK modules (of the classes reachable from
 * the root). A service needs the modules reachable from its own jar (which reaches the
 * launcher, the platform and their libraries), those the CLI jar uses itself, and
 * {@link #LOADED_BY_NAME}. jlink adds what those modules require in turn.
 */
final class JavaModules {
    /**
     * Modules no class refers to, so jdeps cannot see them: the JNDI DNS provider the MongoDB
     * driver looks up by name to resolve the SRV records of {@code mongodb+srv://} URLs.
     */
    static final List<String> LOADED_BY_NAME = List.of("jdk.naming.dns");

    private static final Pattern EDGE = Pattern.compile("^(\\S+\\.jar) -> (\\S+)$");
    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    private final Map<String, Set<String>> edges;
    private final String rootJar;

    /**
     * @param edges   jar file name to the jar file names and module names it depends on
     * @param rootJar the CLI jar's file name
     */
    JavaModules(Map<String, Set<String>> edges, String rootJar) {
        this.edges = edges;
        this.rootJar = rootJar;
    }

    /** Parses the output of {@code jdeps -s -R}: lines {@code a.jar -> b.jar}, {@code a.jar -> java.sql}, {@code a.jar -> not found}. */
    static JavaModules parse(String summary, String rootJar) {
        return parse(summary, rootJar, Map.of());
    }

    /**
     * Like {@link #parse(String, String)}, without the edges from a jar to the JDK modules its
     * module descriptor requires {@code static}: optional at run time, used only when present
     * (Jackson's java.beans support, which would bring java.desktop, 15 MB; netty's JFR events).
     *
     * @param optionalModules jar file name to the modules it requires {@code static}
     */
    static JavaModules parse(String summary, String rootJar, Map<String, Set<String>> optionalModules) {
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        for (String line : summary.lines().map(String::strip).toList()) {
            Matcher matcher = EDGE.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            String from = fileName(matcher.group(1));
            String to = matcher.group(2);
            Set<String> targets = edges.computeIfAbsent(from, key -> new HashSet<>());
            if (to.endsWith(".jar")) {
                targets.add(fileName(to));
            } else if (MODULE.matcher(to).matches()
                    && !optionalModules.getOrDefault(from, Set.of()).contains(to)) {
                targets.add(to);
            }
        }
        return new JavaModules(edges, fileName(rootJar));
    }

    /** The modules of the whole distribution: what an LSS needs, which runs any service in its container. */
    SortedSet<String> forDistribution() {
        return modulesReachableFrom(List.of(rootJar));
    }

    /**
     * The modules the service whose code is in {@code serviceJar} needs when started
     * through the CLI; the whole distribution's when the jar is unknown.
     */
    SortedSet<String> forService(String serviceJar) {
        return forService(List.of(serviceJar));
    }

    /**
     * The modules a service needs whose image also carries jars found by name at run time (a
     * spawner's module, which the service's own jar does not refer to): those reachable from
     * each; the whole distribution's when one of them is unknown.
     */
    SortedSet<String> forService(List<String> jars) {
        if (!jars.stream().allMatch(edges::containsKey)) {
            return forDistribution();
        }
        SortedSet<String> modules = modulesReachableFrom(jars);
        edges.getOrDefault(rootJar, Set.of()).stream()
                .filter(target -> !target.endsWith(".jar"))
                .forEach(modules::add);
        return modules;
    }

    private SortedSet<String> modulesReachableFrom(Collection<String> roots) {
        SortedSet<String> modules = new TreeSet<>(LOADED_BY_NAME);
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            String jar = pending.pop();
            if (!seen.add(jar)) {
                continue;
            }
            for (String target : edges.getOrDefault(jar, Set.of())) {
                if (target.endsWith(".jar")) {
                    pending.push(target);
                } else {
                    modules.add(target);
                }
            }
        }
        return modules;
    }

    /** The jar of a service in the distribution's {@code lib/}: {@code opentwin-<service>-<version>.jar}. */
    static String serviceJar(Path lib, String service) {
        String prefix = "opentwin-" + service + "-";
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(prefix)
                            && name.endsWith(".jar")
                            && Character.isDigit(name.charAt(prefix.length())))
                    .findFirst()
                    .orElse("");
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot list " + lib + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs jdeps (from the JDK this CLI runs on) over the distribution.
     *
     * @param cliJar    the distribution's {@code opentwin-cli.jar}; its {@code lib/} is next to it
     * @param moreRoots jars of {@code lib} that no class refers to (found by name at run time, as a
     *                  spawner's module), analysed as roots too
     * @throws ExitException (invalid configuration) when this is a JRE without jdeps, or jdeps fails
     */
    static JavaModules analyse(Path cliJar, Path lib, List<Path> moreRoots) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "jdeps is missing: run this command with a JDK (not a JRE), e.g. through ./opentwin"));
        String classPath;
        try (Stream<Path> jars = Files.list(lib)) {
            // In-process, jdeps does not expand "lib/*" (its launcher does).
            classPath = jars.filter(path -> path.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator));
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot list " + lib + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of(
                "-s",
                "-R",
                "--ignore-missing-deps",
                "--multi-release",
                Integer.toString(Runtime.version().feature()),
                "--class-path",
                classPath,
                cliJar.toString()));
        moreRoots.forEach(root -> arguments.add(root.toString()));
        int code = jdeps.run(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                arguments.toArray(String[]::new));
        if (code != 0) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "jdeps failed on " + cliJar + ": "
                            + err.toString(StandardCharsets.UTF_8).strip());
        }
        return parse(out.toString(StandardCharsets.UTF_8), cliJar.getFileName().toString(), optionalModules(lib));
    }

    /** Per jar of {@code lib} with a module descriptor, the modules it requires {@code static}. */
    static Map<String, Set<String>> optionalModules(Path lib) {
        Map<String, Set<String>> optional = new LinkedHashMap<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(path -> path.getFileName().toString().endsWith(".jar"))
                    .toList()) {
                Set<String> modules = new HashSet<>();
                try {
                    for (ModuleReference module : ModuleFinder.of(jar).findAll()) {
                        module.descriptor().requires().stream()
                                .filter(requires -> requires.modifiers().contains(Requires.Modifier.STATIC))
                                .forEach(requires -> modules.add(requires.name()));
                    }
                } catch (FindException e) {
                    // Not usable as a module (e.g. no valid automatic name): jdeps' edges stand as they are.
                    continue;
                }
                if (!modules.isEmpty()) {
                    optional.put(jar.getFileName().toString(), modules);
                }
            }
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot list " + lib + ": " + e.getMessage(), e);
        }
        return optional;
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
