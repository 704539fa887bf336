package org.opentwinj.packaging.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * Which jars of the distribution's {@code lib/} a service uses: the runtime class path Maven
 * resolved for the service's module, which the build writes into the service's jar (see the
 * parent pom's {@code service-classpath} execution). Maven knows what jdeps cannot: that a
 * library's optional integration (the MongoDB driver's netty transport) is not in use, and
 * which jars are loaded by name (the Kubernetes client's HTTP client, the web client's assets).
 */
final class ServiceLibraries {
    /** Where a service's jar lists its runtime class path: {@code lib/<jar>} entries separated by ':'. */
    static final String LIST = "META-INF/opentwin/runtime-classpath.txt";

    private ServiceLibraries() {}

    /**
     * The jars of {@code lib} the image of the service in {@code serviceJar} can leave out: every
     * jar that is not on its class path, not the CLI jar and not a service's jar (the CLI names
     * every service's classes; the JVM's verifier may load them, though they never run).
     *
     * @param serviceJars the jar file names of every service
     * @return empty when the service jar lists no class path (a distribution built otherwise):
     *     the image then keeps everything
     */
    static SortedSet<String> leftOut(Path lib, String serviceJar, Collection<String> serviceJars) {
        return leftOut(lib, List.of(serviceJar), serviceJars);
    }

    /**
     * Like {@link #leftOut(Path, String, Collection)} for an image that carries several jars with
     * their class paths (the service's, and modules it finds by name at run time); empty when one
     * of them lists no class path.
     */
    static SortedSet<String> leftOut(Path lib, List<String> jars, Collection<String> serviceJars) {
        SortedSet<String> used = new TreeSet<>(jars);
        for (String jar : jars) {
            Optional<SortedSet<String>> classPath = classPath(lib.resolve(jar));
            if (classPath.isEmpty()) {
                return new TreeSet<>();
            }
            used.addAll(classPath.get());
        }
        SortedSet<String> leftOut = new TreeSet<>();
        try (Stream<Path> files = Files.list(lib)) {
            files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".jar"))
                    .forEach(leftOut::add);
        } catch (IOException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "cannot list " + lib + ": " + e.getMessage(), e);
        }
        leftOut.removeAll(used);
        leftOut.removeAll(serviceJars);
        return leftOut;
    }

    /**
     * The jars only {@code jar} needs among {@code otherJars}: itself and its class path, less
     * the class paths of the others and the others themselves. Empty when one of them lists no
     * class path (nothing is then known to be unused).
     */
    static SortedSet<String> onlyFor(Path lib, String jar, Collection<String> otherJars) {
        Optional<SortedSet<String>> own = classPath(lib.resolve(jar));
        if (own.isEmpty()) {
            return new TreeSet<>();
        }
        SortedSet<String> only = new TreeSet<>(own.get());
        only.add(jar);
        for (String other : otherJars) {
            Optional<SortedSet<String>> used = classPath(lib.resolve(other));
            if (used.isEmpty()) {
                return new TreeSet<>();
            }
            only.removeAll(used.get());
            only.remove(other);
        }
        return only;
    }

    /** The jar file names a service jar's class path list names; empty when it has none. */
    static Optional<SortedSet<String>> classPath(Path serviceJar) {
        if (!Files.isRegularFile(serviceJar)) {
            return Optional.empty();
        }
        try (ZipFile zip = new ZipFile(serviceJar.toFile())) {
            ZipEntry entry = zip.getEntry(LIST);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION, "cannot read the jar " + serviceJar + ": " + e.getMessage(), e);
        }
    }

    /** {@code lib/a.jar:lib/b.jar} to {@code [a.jar, b.jar]}. */
    static SortedSet<String> parse(String list) {
        return Arrays.stream(list.strip().split(":"))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(entry -> entry.substring(entry.lastIndexOf('/') + 1))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
