package org.opentwinj.packaging.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * Runs an engine command (or the local base script) to its end. The command gets the
 * process environment plus the one the CLI was given, so that {@code CONTAINERS_CONF},
 * {@code DOCKER_HOST} and the like reach it also when the CLI runs inside a test.
 */
final class EngineProcess {
    private final Map<String, String> environment;

    EngineProcess(Map<String, String> environment) {
        this.environment = environment;
    }

    /** What a command printed (stdout and stderr together) and how it ended. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** The last lines of the output, for an error message. */
        String tail(int lines) {
            List<String> all = output.strip().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    /** Runs the command, its output kept in memory. */
    Result run(List<String> command) {
        return run(command, null);
    }

    /**
     * Runs the command; its output is also appended to {@code log} when given.
     *
     * @throws ExitException (internal error) when the command cannot be started at all
     */
    Result run(List<String> command, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            int code = process.waitFor();
            if (log != null) {
                Files.createDirectories(log.getParent());
                Files.write(
                        log,
                        ("$ " + String.join(" ", command) + "\n").getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                Files.write(log, output, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return new Result(code, new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INTERNAL_ERROR, "cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExitException(ExitCode.INTERNAL_ERROR, "interrupted while running " + command.getFirst(), e);
        }
    }
}
