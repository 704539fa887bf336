package org.opentwinj.cli;

import java.util.UUID;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The error conventions of every {@code opentwin} command: a usage error or a refused input
 * is one line on stderr and exit code 2; {@link ExitException} exits with its own code and
 * reason; anything unexpected is logged with an error id and exits with 1.
 */
final class Cli {
    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    private Cli() {}

    static CommandLine configure(CommandLine cli) {
        cli.setExecutionStrategy(Cli::refuseUnmatchedThenRun);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine.UnmatchedArgumentException.printSuggestions(
                    e, e.getCommandLine().getErr());
            e.getCommandLine().getErr().println(prefix(e.getCommandLine()) + e.getMessage());
            e.getCommandLine()
                    .getErr()
                    .println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.INVALID_CONFIGURATION.code();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof ExitException exit) {
                commandLine.getErr().println(prefix(commandLine) + exit.getMessage());
                return exit.exitCode().code();
            }
            if (e instanceof PublicException publicException) {
                commandLine.getErr().println(prefix(commandLine) + publicException.getMessage());
                return exitCodeOf(publicException).code();
            }
            String errorId = UUID.randomUUID().toString();
            LOG.error(
                    "internal error {} in '{}'",
                    errorId,
                    commandLine.getCommandSpec().qualifiedName(),
                    e);
            commandLine.getErr().println(prefix(commandLine) + "internal error " + errorId + ": " + e);
            return ExitCode.INTERNAL_ERROR.code();
        });
        return cli;
    }

    /**
     * Runs the last command given, as picocli does, after refusing arguments no command knows.
     * picocli skips that check when help is asked for ({@code opentwin do --help} would print
     * the root's help and exit 0); the check here makes an unknown command a usage error with
     * or without {@code --help}.
     */
    private static int refuseUnmatchedThenRun(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (!level.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(
                        level.commandSpec().commandLine(), level.unmatched());
            }
        }
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            closeCommands(parsed);
        }
    }

    /** Closes what the commands opened for their calls (client commands keep one platform client each). */
    private static void closeCommands(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.commandSpec().userObject() instanceof AutoCloseable command) {
                try {
                    command.close();
                } catch (Exception e) {
                    // The command's answer is given; a client that does not close cleanly only costs its threads.
                    LOG.warn("cannot close '{}'", level.commandSpec().qualifiedName(), e);
                }
            }
        }
    }

    /** A refusal's exit code: bad input is a usage error, a server problem an unreachable peer, the rest refused. */
    static ExitCode exitCodeOf(PublicException refusal) {
        int status = refusal.status();
        if (status == 400 || status == 413) {
            return ExitCode.INVALID_CONFIGURATION;
        }
        return status >= 500 ? ExitCode.PEER_UNREACHABLE : ExitCode.REQUEST_REFUSED;
    }

    private static String prefix(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName() + ": ";
    }
}
