package org.opentwinj.cli;

import org.opentwinj.platform.exit.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code opentwin exit-codes}: the table of exit codes, as the README shows it. */
@Command(
        name = "exit-codes",
        mixinStandardHelpOptions = true,
        description = "Lists the exit codes of every opentwin process.")
final class ExitCodesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        for (ExitCode code : ExitCode.values()) {
            spec.commandLine().getOut().printf("%3d  %-22s %s%n", code.code(), code.name(), code.meaning());
        }
    }
}
