package org.opentwinj.services.lss.pool;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentwinj.platform.launcher.pool.PoolAssignment;
import org.opentwinj.platform.spawner.ProcessRequest;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.platform.spawner.local.LocalProcessSpawner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pooled JVMs as local processes: {@code opentwin run --pooled}, started with the command and
 * JVM options session services get, under {@code nice}, their output in
 * {@code <work-dir>/logs/pool-<n>.log}. A member is assigned over its standard input, whose
 * writing end only the LSS holds (see {@code PooledLauncher}), then handed to the local
 * spawner, which polls and stops it like a process it started.
 */
public final class LocalPoolMembers implements PoolMembers {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPoolMembers.class);

    private final LocalProcessSpawner spawner;
    private final List<String> launcherCommand;
    private final List<String> jvmOptions;
    private final Path workDirectory;
    private final int nice;
    private final Optional<Path> niceCommand;
    private final WarmupDatabase warmup;

    /**
     * The platform's database as session services reach it, given to pooled JVMs so that their
     * warm-up connects to it once (the Model's first connection then costs a tenth): the
     * variables the LSS gives every session service (the database URL) and its CA bundle.
     *
     * @param environment the database URL's variable (empty: no database warm-up)
     * @param caBundle    the CA certificates the database's certificate chains to
     */
    public record WarmupDatabase(Map<String, String> environment, Optional<Path> caBundle) {
        public static final WarmupDatabase NONE = new WarmupDatabase(Map.of(), Optional.empty());

        public WarmupDatabase {
            environment = Map.copyOf(environment);
        }
    }

    /**
     * @param launcherCommand the command that runs the launcher (java, its options, class path, main class)
     * @param jvmOptions      extra JVM options of session services, after the java binary
     * @param nice            the niceness to start with (0: none)
     * @param warmup          what a pooled JVM's warm-up may read from the platform's database
     */
    public LocalPoolMembers(
            LocalProcessSpawner spawner,
            List<String> launcherCommand,
            List<String> jvmOptions,
            Path workDirectory,
            int nice,
            WarmupDatabase warmup) {
        this.warmup = warmup;
        this.spawner = spawner;
        this.launcherCommand = List.copyOf(launcherCommand);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.workDirectory = workDirectory;
        this.nice = nice;
        this.niceCommand = nice > 0 ? findOnPath("nice") : Optional.empty();
        if (nice > 0 && niceCommand.isEmpty()) {
            // A distroless image has no nice: the pool still works, it only refills at normal priority.
            LOG.warn("no 'nice' on the PATH: pooled JVMs start at normal CPU priority");
        }
    }

    private static Optional<Path> findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The local warm pool of an LSS. */
    public static ServicePool pool(LocalPoolMembers members, PoolConfig config) {
        return new WarmPool(members, config);
    }

    /** The command of a service process up to {@code run}: the launcher with the JVM options after the java binary. */
    private List<String> javaCommand() {
        List<String> command = new ArrayList<>(launcherCommand);
        command.addAll(1, jvmOptions);
        return command;
    }

    @Override
    public PoolMember start(int number) {
        Path warmFile = workDirectory.resolve("pool").resolve("jvm-" + number + ".warm");
        Path logFile = workDirectory.resolve("logs").resolve("pool-" + number + ".log");
        List<String> command = new ArrayList<>();
        niceCommand.ifPresent(program -> command.addAll(List.of(program.toString(), "-n", Integer.toString(nice))));
        command.addAll(javaCommand());
        command.addAll(List.of("run", "--pooled", "--pool-warm-file", warmFile.toString()));
        warmup.caBundle().ifPresent(bundle -> command.addAll(List.of("--pool-ca", bundle.toString())));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).directory(workDirectory.toFile());
        // As for every session service: it gets the LSS's settings only through its assignment, but for the
        // database's, which every session service gets and the warm-up reads with.
        builder.environment().keySet().removeIf(name -> name.startsWith(LocalProcessSpawner.INHERITED_SETTINGS_PREFIX));
        builder.environment().putAll(warmup.environment());
        try {
            Files.createDirectories(warmFile.getParent());
            Files.createDirectories(logFile.getParent());
            Files.deleteIfExists(warmFile);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Process process = builder.start();
            LOG.debug("started pooled JVM {} (pid {})", number, process.pid());
            return new LocalMember(number, process, warmFile, logFile);
        } catch (IOException | UnsupportedOperationException e) {
            throw new SpawnException("cannot start pooled JVM " + number + ": " + e.getMessage(), e);
        }
    }

    /**
     * The arguments after {@code run} of the request's command, when it runs this distribution's
     * launcher with the same JVM options (what a pooled JVM already is).
     */
    @Override
    public Optional<PoolAssignment> assignment(SpawnRequest request) {
        if (!(request instanceof ProcessRequest process)) {
            return Optional.empty();
        }
        List<String> prefix = javaCommand();
        List<String> command = process.command();
        if (command.size() <= prefix.size() + 1
                || !command.subList(0, prefix.size()).equals(prefix)
                || !command.get(prefix.size()).equals("run")) {
            return Optional.empty();
        }
        return Optional.of(
                new PoolAssignment(command.subList(prefix.size() + 1, command.size()), process.environment()));
    }

    private final class LocalMember implements PoolMember {
        private final int number;
        private final Process process;
        private final Path warmFile;
        private final Path logFile;
        private boolean assigned;

        LocalMember(int number, Process process, Path warmFile, Path logFile) {
            this.number = number;
            this.process = process;
            this.warmFile = warmFile;
            this.logFile = logFile;
        }

        @Override
        public int number() {
            return number;
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public boolean isWarm() {
            return Files.exists(warmFile);
        }

        @Override
        public SpawnHandle assign(SpawnRequest request, PoolAssignment assignment) throws IOException {
            if (assigned) {
                throw new IllegalStateException("pooled JVM " + number + " was assigned already");
            }
            assigned = true;
            try (OutputStream input = process.getOutputStream()) {
                input.write((assignment.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            Files.deleteIfExists(warmFile);
            return spawner.adopt(process, request.session(), request.service(), serviceLog(request));
        }

        /**
         * Its output file renamed to the service's (it keeps writing to the same file), where
         * operators and the session's failure reasons look for it; a restarted service's earlier
         * log is never replaced: then it stays the pool's.
         */
        private Path serviceLog(SpawnRequest request) {
            if (!(request instanceof ProcessRequest process) || Files.exists(process.logFile())) {
                return logFile;
            }
            try {
                Files.createDirectories(process.logFile().toAbsolutePath().getParent());
                Files.move(logFile, process.logFile(), StandardCopyOption.ATOMIC_MOVE);
                return process.logFile();
            } catch (IOException e) {
                LOG.warn("cannot rename {} to {}; the service's output stays there", logFile, process.logFile(), e);
                return logFile;
            }
        }

        @Override
        public void stop() {
            try {
                process.getOutputStream().close();
                Files.deleteIfExists(warmFile);
            } catch (IOException e) {
                LOG.debug("closing the input of pooled JVM {} failed", number, e);
            }
            process.destroy();
        }
    }
}
