package org.opentwinj.platform.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JVM options of the services this distribution starts ({@code opentwin up}'s platform
 * services, the LSS's session services): how much memory an idle service holds, and the
 * JDK's ahead-of-time cache each one starts from.
 *
 * <p>Memory: the serial collector (no collector threads, no remembered sets; a service's heap
 * is small, so its pauses are short), a heap that starts at 8 MB and gives memory back after a
 * collection (free ratios 10-20 %), a code cache reserved at 48 MB (the default 240 MB),
 * malloc's free memory trimmed every 2 s, no perf-data file. The maximum heap stays the JVM's default (a quarter of the machine's
 * memory): a job that needs memory gets it; an idle service does not hold it. Options given
 * to the parent JVM come after these on the child's command line, so a user's
 * {@code OPEN_TWIN_JAVA_OPTS} (or a test's options) still win.
 *
 * <p>AOT cache (JDK 25, JEP 483/514/515): {@code ./opentwin build} trains one cache per
 * platform service ({@code aot/<service>.aot} beside {@code opentwin-cli.jar}) by starting
 * the platform once with {@code -XX:AOTCacheOutput} and stopping it; session services start
 * from {@code session.aot}, which the same training records from one Model start (their
 * start-up path, the launcher, TLS, Helidon, Jackson, the platform's client and the database
 * driver, and the Model's classes; other services' own classes load from the jars), or from
 * the LSS's cache when that one is missing. A cache holds the
 * class path it was made for, with each jar's size and time: one older than
 * {@code opentwin-cli.jar} is not given at all, and one the JVM finds stale anyway is ignored
 * by it ({@code -XX:AOTMode=auto}, its messages silenced): a stale cache costs speed, never
 * a start.
 */
public final class JvmOptions {
    /** The environment variable that makes {@code up} start its services to train their caches. */
    public static final String TRAINING_VARIABLE = "OPEN_TWIN_AOT_TRAINING";

    static final String DISTRIBUTION_JAR = "opentwin-cli.jar";
    static final String CACHE_DIRECTORY = "aot";

    /** The memory options of every service JVM. */
    static final List<String> SERVICE_MEMORY = List.of(
            "-XX:+UseSerialGC",
            "-Xms8m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20",
            "-XX:ReservedCodeCacheSize=48m",
            // Gives memory that malloc keeps after use (the JIT compilers' arenas, TLS buffers)
            // back to the system every 2 s: about 8 MB less RSS per idle service.
            "-XX:TrimNativeHeapInterval=2000",
            "-XX:-UsePerfData");

    /** The JVM's messages about a missing or stale cache would land among the JSON log lines on stdout. */
    static final List<String> QUIET_CACHE = List.of("-Xlog:aot*=off", "-Xlog:cds*=off");

    /**
     * The session services' cache, trained by one Model start ({@code up}'s training starts one
     * after the platform is ready): the start-up path every session service shares, the database
     * driver, and the Model's own classes.
     */
    static final String SESSION_CACHE = "session";

    /** Without the session cache (a training that did not get as far), the LSS's: the same start-up path. */
    static final String SESSION_FALLBACK_CACHE = "lss";

    private final Optional<Path> cacheDirectory;
    private final boolean training;

    /**
     * @param cacheDirectory where the caches are ({@code aot/} of the distribution), or empty when
     *     this JVM does not run from a distribution (tests run from classes)
     * @param training       whether the services started write their caches instead of reading them
     */
    JvmOptions(Optional<Path> cacheDirectory, boolean training) {
        this.cacheDirectory = cacheDirectory;
        this.training = training;
    }

    /** For this JVM's distribution (found on its class path), training when the variable is {@code true}. */
    public static JvmOptions forThisDistribution(boolean training) {
        return new JvmOptions(cacheDirectoryOf(System.getProperty("java.class.path")), training);
    }

    /** Whether {@code up} trains the caches: {@code OPEN_TWIN_AOT_TRAINING=true}. */
    public static boolean trainingAsked(Map<String, String> environment) {
        return "true".equalsIgnoreCase(environment.getOrDefault(TRAINING_VARIABLE, ""));
    }

    /** The {@code aot} directory beside the distribution's {@code opentwin-cli.jar} on a class path. */
    static Optional<Path> cacheDirectoryOf(String classPath) {
        if (classPath == null) {
            return Optional.empty();
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null
                    && path.getFileName().toString().equals(DISTRIBUTION_JAR)
                    && path.getParent() != null) {
                return Optional.of(path.getParent().resolve(CACHE_DIRECTORY));
            }
        }
        return Optional.empty();
    }

    /** The options of a platform service ({@code logger}, {@code gss}, ...): its own cache. */
    public List<String> platformService(String service) {
        List<String> options = new ArrayList<>(SERVICE_MEMORY);
        if (training) {
            cacheDirectory.ifPresent(directory -> {
                options.add("-XX:AOTCacheOutput=" + directory.resolve(service + ".aot"));
                options.addAll(QUIET_CACHE);
            });
        } else {
            options.addAll(reading(service));
        }
        return List.copyOf(options);
    }

    /** The options of a session service, whatever its type: the session cache, or else the LSS's. */
    public List<String> sessionService() {
        List<String> options = new ArrayList<>(SERVICE_MEMORY);
        List<String> cache = reading(SESSION_CACHE);
        options.addAll(cache.isEmpty() ? reading(SESSION_FALLBACK_CACHE) : cache);
        return List.copyOf(options);
    }

    /** Whether the services started write their caches ({@code OPEN_TWIN_AOT_TRAINING=true}). */
    public boolean training() {
        return training;
    }

    /**
     * The options of the one session service JVM that trains the session cache: a session
     * service's memory options, writing {@code session.aot}. Empty when not training or not run
     * from a distribution (nothing to train).
     */
    public List<String> sessionCacheTraining() {
        if (!training || cacheDirectory.isEmpty()) {
            return List.of();
        }
        List<String> options = new ArrayList<>(SERVICE_MEMORY);
        options.add("-XX:AOTCacheOutput=" + cacheDirectory.get().resolve(SESSION_CACHE + ".aot"));
        options.addAll(QUIET_CACHE);
        return List.copyOf(options);
    }

    private List<String> reading(String cache) {
        return cacheDirectory
                .map(directory -> directory.resolve(cache + ".aot"))
                .filter(JvmOptions::current)
                .map(file -> {
                    List<String> options = new ArrayList<>(List.of("-XX:AOTCache=" + file));
                    options.addAll(QUIET_CACHE);
                    return options;
                })
                .orElse(new ArrayList<>());
    }

    /** A cache made after the distribution's jar: one made before was made for other jars. */
    static boolean current(Path cache) {
        Path jar = cache.getParent().resolveSibling(DISTRIBUTION_JAR);
        try {
            return Files.isRegularFile(cache)
                    && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            // No jar to compare with (or unreadable): the JVM's own check decides, so the cache is given.
            return Files.isRegularFile(cache);
        }
    }
}
