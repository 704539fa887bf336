package org.opentwinj.bench.session;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The built OpenTwin/J distribution the services run from: {@code opentwin-cli.jar} plus
 * {@code lib/*.jar}, as the ./opentwin wrapper runs it, copied into the run directory first so
 * that a rebuild during the run (./opentwin build, another terminal) cannot change the code
 * under test or invalidate an archive half-way. The class path is spelled out jar by jar in a
 * fixed order, so that every process (platform, session services, direct starts, training
 * runs) has the identical class path a CDS archive or AOT cache must match.
 *
 * @param java      the java binary (the harness's own JDK, which run.sh takes from ./opentwin java)
 * @param classPath the class path
 * @param jars      how many jars it has
 */
record Distribution(Path java, String classPath, int jars) {
    static final String MAIN = "org.opentwinj.cli.OpenTwinCli";

    /**
     * Copies the distribution in {@code source} to {@code into} and describes the copy. A copy
     * that changed while it was made (a build writing the jars) is made again, up to 3 times.
     *
     * @throws IOException when there is no opentwin-cli.jar or lib/ (build it with ./opentwin build), or it keeps changing
     */
    static Distribution snapshot(Path source, Path into) throws IOException {
        Path jar = source.resolve("opentwin-cli.jar").toAbsolutePath();
        Path lib = source.resolve("lib").toAbsolutePath();
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            throw new IOException("no distribution in " + source.toAbsolutePath()
                    + " (opentwin-cli.jar and lib/): run ./opentwin build");
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            String before = fingerprint(jar, lib);
            Files.createDirectories(into.resolve("lib"));
            List<String> entries = new ArrayList<>();
            Path jarCopy = into.resolve("opentwin-cli.jar");
            Files.copy(jar, jarCopy, StandardCopyOption.REPLACE_EXISTING);
            entries.add(jarCopy.toString());
            for (Path file : jars(lib)) {
                Path copy = into.resolve("lib").resolve(file.getFileName());
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            }
            if (before.equals(fingerprint(jar, lib))) {
                return new Distribution(
                        Path.of(System.getProperty("java.home"), "bin", "java"),
                        String.join(File.pathSeparator, entries),
                        entries.size());
            }
            Thread.onSpinWait();
        }
        throw new IOException(
                "the distribution in " + source + " kept changing while it was copied (a build is running?)");
    }

    private static List<Path> jars(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }

    /** Names, sizes and modification times of the jars: what a build changes. */
    private static String fingerprint(Path jar, Path lib) throws IOException {
        StringBuilder all = new StringBuilder();
        List<Path> files = new ArrayList<>(List.of(jar));
        files.addAll(jars(lib));
        for (Path file : files) {
            all.append(file.getFileName())
                    .append(' ')
                    .append(Files.size(file))
                    .append(' ')
                    .append(Files.getLastModifiedTime(file).toMillis())
                    .append('\n');
        }
        return all.toString();
    }

    /** {@code java OPTIONS -cp CLASSPATH org.opentwinj.cli.OpenTwinCli ARGS}. */
    List<String> command(List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, MAIN));
        command.addAll(arguments);
        return command;
    }

    /** The JVM options of a command line: what comes between the java binary and {@code -cp}. */
    static List<String> jvmOptionsOf(List<String> commandLine) {
        int cp = commandLine.indexOf("-cp");
        return cp < 1 ? List.of() : List.copyOf(commandLine.subList(1, cp));
    }
}
