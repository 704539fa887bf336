package org.opentwinj.cli.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Finds the processes a local platform started on a data directory without asking the
 * platform: the java processes running {@code run <service>} or {@code up} whose program
 * arguments name a path in the data directory (every service gets its certificate from
 * {@code <data>/pki}), and session services ({@code run <type> --session-id ...}) that run in
 * the LSS's work directory {@code <data>/lss}. Client commands that name the directory
 * ({@code opentwin logs --follow}) or run in it are left alone.
 * That finds them also after {@code up} was killed, when nobody else knows them and session
 * services have been handed to pid 1.
 */
final class PlatformProcesses {
    /**
     * Stop order: {@code up} first (it stops its services itself, in order), then the LSS (it
     * closes its sessions and tells the GSS), the session services it left, the services that
     * serve clients, and the database last, so that everyone can still write while stopping.
     */
    private static final List<String> STOP_ORDER = List.of(
            "up",
            LocalLayout.LSS,
            "session service",
            LocalLayout.WEB,
            LocalLayout.RELAY,
            LocalLayout.GSS,
            LocalLayout.AUTH,
            LocalLayout.LOGGER,
            LocalLayout.DATABASE);

    /**
     * @param role    the service it runs ({@code run <service>}), "session service" or "up"
     * @param process the process
     */
    record Found(String role, ProcessHandle process) {}

    private PlatformProcesses() {}

    /** The platform's processes on this data directory, in stop order; never this process or its ancestors. */
    static List<Found> find(Path dataDirectory) {
        return find(dataDirectory, ProcessHandle.allProcesses());
    }

    static List<Found> find(Path dataDirectory, Stream<ProcessHandle> candidates) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Set<Long> ours = new HashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current());
                p.isPresent();
                p = p.get().parent()) {
            ours.add(p.get().pid());
        }
        return candidates
                .filter(p -> !ours.contains(p.pid()))
                .filter(p -> p.info().command().map(PlatformProcesses::isJava).orElse(false))
                .map(p -> classify(p, data))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparingInt(f -> STOP_ORDER.indexOf(f.role())))
                .toList();
    }

    /**
     * Stops the processes group by group in stop order: SIGTERM to a group, then SIGKILL to
     * what still runs after {@code grace}.
     */
    static void stop(List<Found> processes, Duration grace, PrintStream out) throws InterruptedException {
        Map<String, List<Found>> groups = new LinkedHashMap<>();
        for (Found found : processes) {
            groups.computeIfAbsent(found.role(), r -> new ArrayList<>()).add(found);
        }
        for (List<Found> group : groups.values()) {
            for (Found found : group) {
                out.println(
                        "stopping " + found.role() + " (pid " + found.process().pid() + ")");
                found.process().destroy();
            }
            for (Found found : group) {
                awaitExit(found, grace, out);
            }
        }
    }

    private static void awaitExit(Found found, Duration grace, PrintStream out) throws InterruptedException {
        CompletableFuture<ProcessHandle> exit = found.process().onExit();
        try {
            exit.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            out.println(found.role() + " (pid " + found.process().pid() + ") did not stop within " + grace.toSeconds()
                    + " s; killing it");
            found.process().destroyForcibly();
            try {
                exit.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException stillThere) {
                out.println("pid " + found.process().pid() + " is still there after SIGKILL");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for pid " + found.process().pid(), e);
        }
    }

    private static Optional<Found> classify(ProcessHandle process, Path data) {
        // Program arguments only: the class path may lie under the data directory (a data
        // directory in the checkout) and would make every opentwin process look like ours.
        List<String> program = programArguments(arguments(process));
        boolean namesData = program.stream().anyMatch(a -> references(a, data));
        Path lssWork = data.resolve("lss");
        boolean runsInData =
                workingDirectory(process).map(d -> d.startsWith(lssWork)).orElse(false);
        if (!namesData && !runsInData) {
            return Optional.empty();
        }
        if (program.size() >= 2 && program.get(0).equals("run") && STOP_ORDER.contains(program.get(1))) {
            return Optional.of(new Found(program.get(1), process));
        }
        if (!program.isEmpty() && program.get(0).equals("up")) {
            return Optional.of(new Found("up", process));
        }
        boolean sessionService =
                program.size() >= 2 && program.get(0).equals("run") && program.contains("--session-id");
        if (sessionService && (runsInData || program.stream().anyMatch(a -> references(a, lssWork)))) {
            return Optional.of(new Found("session service", process));
        }
        // Anything else that names the directory or runs in it (opentwin logs --follow, a
        // shell's command) is a user's, not the platform's: left alone.
        return Optional.empty();
    }

    /** The arguments after the JVM's options and the main class (or {@code -jar file}). */
    static List<String> programArguments(List<String> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (List.of("-cp", "-classpath", "--class-path", "-p", "--module-path", "-jar", "-m", "--module")
                    .contains(argument)) {
                i++;
                if (List.of("-jar", "-m", "--module").contains(argument)) {
                    return arguments.subList(Math.min(i + 1, arguments.size()), arguments.size());
                }
            } else if (!argument.startsWith("-")) {
                return arguments.subList(i + 1, arguments.size());
            }
        }
        return List.of();
    }

    /** An argument that is a path in the directory, or ends with one ({@code --flag=/path}, {@code -Dx=/path}). */
    private static boolean references(String argument, Path directory) {
        String prefix = directory.toString();
        int at = argument.indexOf(prefix);
        if (at < 0 || (at > 0 && argument.charAt(at - 1) != '=')) {
            return false;
        }
        String rest = argument.substring(at + prefix.length());
        return rest.isEmpty() || rest.startsWith("/");
    }

    /**
     * The process's arguments, without the command. On Linux from {@code /proc/<pid>/cmdline}:
     * the JDK gives none for a command line as long as a service's (its class path alone is
     * several kilobytes).
     */
    private static List<String> arguments(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                List<String> all = List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
                return all.isEmpty() ? List.of() : all.subList(1, all.size());
            }
        } catch (IOException e) {
            // The process exited meanwhile, or is another user's: what the JDK knows then.
        }
        return List.of(process.info().arguments().orElse(new String[0]));
    }

    /** Where the process runs, where the system tells (Linux: /proc); empty elsewhere. */
    private static Optional<Path> workingDirectory(ProcessHandle process) {
        Path link = Path.of("/proc", Long.toString(process.pid()), "cwd");
        try {
            return Files.isSymbolicLink(link) ? Optional.of(Files.readSymbolicLink(link)) : Optional.empty();
        } catch (IOException | SecurityException e) {
            // Another user's process, or one that just exited: not ours to stop anyway.
            return Optional.empty();
        }
    }

    private static boolean isJava(String command) {
        String name = Path.of(command).getFileName().toString();
        return name.equals("java") || name.equals("java.exe");
    }
}
