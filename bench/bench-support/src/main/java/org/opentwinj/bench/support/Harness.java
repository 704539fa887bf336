package org.opentwinj.bench.support;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every harness's {@code main} does around its run: {@code --help}, the flags, the
 * report on stdout (and in {@code --out}), progress and problems on stderr, and the exit code,
 * which only the {@code main} passes to {@code System.exit}:
 * 0 the run finished without failures; 1 the run failed or had failures (the report says
 * which); 2 bad flags or a {@link MissingPrerequisiteException}.
 *
 * @param name     the harness's name, the prefix of its messages (e.g. {@code transport-bench})
 * @param main     the entry class, for the command line the report quotes when run.sh did not pass it
 * @param usage    the text of {@code --help}
 * @param parse    the flags parser; an {@link IllegalArgumentException}'s message is shown as it is
 * @param out      where the options say the report also goes, or null
 * @param failures what a failure is, plural, for the closing message (e.g. "failed requests")
 * @param run      the run itself
 * @param <O>      the harness's options
 */
public record Harness<O>(
        String name,
        Class<?> main,
        Supplier<String> usage,
        Function<List<String>, O> parse,
        Function<O, Path> out,
        String failures,
        Run<O> run) {

    /** A run: from the parsed options and the command line to quote, the outcome. */
    @FunctionalInterface
    public interface Run<O> {
        Outcome run(O options, String command) throws IOException, InterruptedException;
    }

    /** What a run produced: its Markdown report and how many requests, messages or starts failed. */
    public record Outcome(String report, long failures) {}

    /** Runs the harness on its command line; returns the exit code. */
    public int execute(List<String> arguments) {
        return execute(arguments, System.out, System.err);
    }

    int execute(List<String> arguments, PrintStream stdout, PrintStream stderr) {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            stdout.println(usage.get());
            return 0;
        }
        O options;
        try {
            options = parse.apply(arguments);
        } catch (IllegalArgumentException e) {
            stderr.println(name + ": " + e.getMessage());
            return 2;
        }
        try {
            Outcome outcome = run.run(options, command(arguments));
            stdout.print(outcome.report());
            stdout.flush();
            Path file = out.apply(options);
            if (file != null) {
                Files.writeString(file, outcome.report(), StandardCharsets.UTF_8);
                stderr.println(name + ": report written to " + file);
            }
            if (outcome.failures() > 0) {
                stderr.println(name + ": the run had " + outcome.failures() + " " + failures + "; see the report");
                return 1;
            }
            return 0;
        } catch (MissingPrerequisiteException e) {
            stderr.println(name + ": " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            stderr.println(name + ": the run failed: " + e.getMessage());
            e.printStackTrace(stderr);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println(name + ": interrupted");
            return 1;
        }
    }

    /** run.sh passes the command line as typed ({@code -Dbench.command}); without it, the java command is rebuilt. */
    String command(List<String> arguments) {
        String fromScript = System.getProperty("bench.command");
        if (fromScript != null && !fromScript.isBlank()) {
            return fromScript;
        }
        return "java -cp ... " + main.getName() + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments));
    }
}
