package org.opentwinj.bench.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.opentwinj.platform.launcher.JvmOptions;

/**
 * How the session services' JVMs are started, i.e. which class-data-sharing warm-up they get.
 * Every variant runs on a platform of its own (fresh processes, fresh database), and the
 * direct-start peer of that variant gets exactly the same JVM options as the session services.
 */
enum Variant {
    /** The JDK's default CDS archive (JDK classes only): what {@code opentwin run lss} gives without the wrapper. */
    NONE("none", "no AppCDS: only the JDK's default CDS archive of JDK classes"),
    /** A dynamic AppCDS archive recorded once by the harness from one echo start. */
    APPCDS(
            "appcds",
            "a dynamic AppCDS archive of the distribution, recorded once by the harness from one echo start"
                    + " (-XX:ArchiveClassesAtExit) and given to session services with --session-java-options -XX:SharedArchiveFile"),
    /** A JDK 25 AOT cache (JEP 483/514/515) recorded once by the harness from one session service start. */
    AOT(
            "aot",
            "a JDK 25 AOT cache, recorded once by the harness from one session service start (echo; the Model in the compute scenario; -XX:AOTCacheOutput)"
                    + " and given with --session-java-options -XX:AOTCache"),
    /**
     * What {@code ./opentwin up} gives today: the wrapper's CDS flags on every platform process,
     * which the LSS copies to its children, with no archive yet (as after every build).
     */
    WRAPPER(
            "wrapper",
            "the ./opentwin wrapper's flags on every platform process (-XX:+AutoCreateSharedArchive"
                    + " -XX:SharedArchiveFile, inherited by session services through JavaCommand), archive missing at start as after a build"),
    /** {@link #NONE}'s JVMs, taken from the LSS's warm pool. */
    POOL(
            "pool",
            "no AppCDS, as none; the LSS keeps a warm pool (--pool-size " + Variant.POOL_SIZE
                    + ") whose JVMs become the session services"),
    /** {@link #AOT}'s JVMs, taken from the LSS's warm pool. */
    AOT_POOL(
            "aot-pool",
            "the AOT cache of aot, and the LSS keeps a warm pool (--pool-size " + Variant.POOL_SIZE
                    + ") whose JVMs, started with it, become the session services");

    /** JVMs in the pool of the pool variants: a session's three, and one more for the next session while it refills. */
    static final int POOL_SIZE = 4;

    /** The LSS's {@code --pool-size}: 0 but for the pool variants. */
    int poolSize() {
        return usesPool() ? POOL_SIZE : 0;
    }

    /** Whether the LSS runs with a warm pool in this variant. */
    boolean usesPool() {
        return this == POOL || this == AOT_POOL;
    }

    /** The memory options the LSS gives every session service. */
    static final List<String> SESSION_MEMORY =
            JvmOptions.forThisDistribution(false).sessionService();

    /** The one flag every OpenTwin/J process runs with (the wrapper's, besides CDS). */
    static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    private final String id;
    private final String description;

    Variant(String id, String description) {
        this.id = id;
        this.description = description;
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    /** Whether the harness records an archive before the platform starts. */
    boolean needsTraining() {
        return this == APPCDS || this == AOT || this == AOT_POOL;
    }

    /** The file this variant's archive lives in, inside the run directory; null for {@link #NONE}. */
    Path archive(Path dir) {
        return switch (this) {
            case NONE, POOL -> null;
            case APPCDS -> dir.resolve("appcds.jsa");
            case AOT, AOT_POOL -> dir.resolve("session.aot");
            case WRAPPER -> dir.resolve("wrapper.jsa");
        };
    }

    /** Extra JVM options of the one training start that records the archive. */
    List<String> trainingOptions(Path archive) {
        return switch (this) {
            case APPCDS -> List.of("-XX:ArchiveClassesAtExit=" + archive);
            case AOT, AOT_POOL -> List.of("-XX:AOTCacheOutput=" + archive);
            default -> List.of();
        };
    }

    /** The LSS's {@code --session-java-options} (empty: the flag is not given). */
    List<String> sessionJavaOptions(Path archive) {
        return switch (this) {
            case APPCDS -> List.of("-XX:SharedArchiveFile=" + archive);
            case AOT, AOT_POOL -> List.of("-XX:AOTCache=" + archive);
            default -> List.of();
        };
    }

    /** The JVM options of the platform's own processes (database, AUTH, GSS, LSS). */
    List<String> platformJvmOptions(Path archive) {
        List<String> options = new ArrayList<>(List.of(EXIT_ON_OOM));
        if (this == WRAPPER) {
            // Exactly the ./opentwin wrapper's flags.
            options.addAll(List.of(
                    "-XX:+AutoCreateSharedArchive",
                    "-XX:SharedArchiveFile=" + archive,
                    "-Xlog:cds=off",
                    "-Xlog:cds+dynamic=off"));
        }
        return List.copyOf(options);
    }

    /**
     * The JVM options a session service gets from the LSS: {@code --session-java-options}
     * right after the java binary, then the memory options of {@link JvmOptions#sessionService()}
     * (the harness runs from no distribution, so without the distribution's cache, as the run's
     * copy of the distribution has none), then the LSS's own JVM options (JavaCommand copies them).
     */
    List<String> childJvmOptions(Path archive) {
        List<String> options = new ArrayList<>(sessionJavaOptions(archive));
        options.addAll(SESSION_MEMORY);
        options.addAll(platformJvmOptions(archive));
        return List.copyOf(options);
    }

    /** @throws IllegalArgumentException naming the valid ids */
    static Variant parse(String text) {
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (Variant v : values()) {
            if (v.id.equals(wanted)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + text + "'; valid: "
                + Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", ")));
    }
}
