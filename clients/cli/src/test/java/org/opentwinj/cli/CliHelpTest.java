package org.opentwinj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers --help, as the usage errors of every command suggest. */
class CliHelpTest {
    @Test
    void everyCommandAndSubcommandAnswersHelp() {
        List<String> commands = new ArrayList<>();
        collect(
                OpenTwinCli.commandLine(
                        Map.of(), List.of(), System.out, System.err, new ByteArrayInputStream(new byte[0])),
                commands);
        assertThat(commands)
                .contains(
                        "users passwd",
                        "session open",
                        "model label",
                        "certs issue",
                        "images build",
                        "do",
                        "jobs list",
                        "jobs show",
                        "jobs cancel");

        for (String command : commands) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = OpenTwinCli.execute(
                    args.toArray(String[]::new),
                    Map.of(),
                    List.of(),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    new ByteArrayInputStream(new byte[0]));
            assertThat(code)
                    .as("opentwin %s --help: %s", command, err.toString(StandardCharsets.UTF_8))
                    .isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(command).startsWith("Usage: opentwin " + command);
        }
    }

    @Test
    void aCommandBuildsOnlyItsOwnBranchAndAnythingElseTheWholeTree() {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
        assertThat(OpenTwinCli.commandLine(Map.of(), List.of(), System.out, System.err, in, "run"::equals)
                        .getSubcommands()
                        .keySet())
                .containsExactly("run");
        assertThat(OpenTwinCli.commandLine(Map.of(), List.of(), System.out, System.err, in, "undo"::equals)
                        .getSubcommands()
                        .keySet())
                .as("an unknown name: the whole tree, for the root's usage message")
                .contains("up", "run", "do", "exit-codes")
                .hasSize(17);
        // The root's help lists every command, also when a help option comes first.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenTwinCli.execute(
                new String[] {"--help"},
                Map.of(),
                List.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                in);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("exit-codes", "session", "images");
    }

    @Test
    void anUnknownCommandIsAUsageErrorAlsoWithHelp() {
        for (List<String> args : List.of(
                List.of("undo"),
                List.of("undo", "--help"),
                List.of("--help", "undo"),
                List.of("images", "undo", "--help"),
                List.of("sesion", "-h"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = OpenTwinCli.execute(
                    args.toArray(String[]::new),
                    Map.of(),
                    List.of(),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    new ByteArrayInputStream(new byte[0]));
            String unknown = args.stream()
                    .filter(arg -> !arg.startsWith("-") && !arg.equals("images"))
                    .findFirst()
                    .orElseThrow();
            assertThat(code).as("opentwin %s", String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .as("opentwin %s", String.join(" ", args))
                    .contains("Unmatched argument")
                    .contains("'" + unknown + "'")
                    .contains("--help'.");
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .as("no usage help on stdout for opentwin %s", String.join(" ", args))
                    .doesNotContain("Usage:");
        }
    }

    private static void collect(CommandLine command, List<String> names) {
        for (CommandLine sub : command.getSubcommands().values()) {
            String path = sub.getCommandSpec().qualifiedName(" ").replaceFirst("^opentwin ", "");
            if (!names.contains(path)) {
                names.add(path);
                collect(sub, names);
            }
        }
    }
}
