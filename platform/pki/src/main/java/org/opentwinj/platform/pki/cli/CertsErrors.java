package org.opentwinj.platform.pki.cli;

import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures of {@code certs} into one line on stderr, prefixed
 * {@code opentwin certs: }, and an exit code: 2 for a bad command line, bad input or a
 * missing input file; the {@link ExitException}'s own code (5 for certificate problems);
 * 1 for anything unexpected.
 */
public final class CertsErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** The handler; it holds no state. */
    public static final CertsErrors INSTANCE = new CertsErrors();

    private CertsErrors() {}

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr()
                .println(CertsCommand.PREFIX + oneLine(e.getMessage()) + " (see '"
                        + command.getCommandSpec().qualifiedName() + " --help')");
        return ExitCode.INVALID_CONFIGURATION.code();
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        command.getErr().println(CertsCommand.PREFIX + messageOf(e));
        return exitCodeOf(e).code();
    }

    /** The exit code for a failure of a {@code certs} subcommand. */
    public static ExitCode exitCodeOf(Throwable e) {
        return switch (e) {
            case ExitException exit -> exit.exitCode();
            case PublicException _ -> ExitCode.INVALID_CONFIGURATION;
            default -> ExitCode.INTERNAL_ERROR;
        };
    }

    private static String messageOf(Exception e) {
        if (e instanceof ExitException || e instanceof PublicException) {
            return oneLine(e.getMessage());
        }
        return "internal error: " + e.getClass().getName() + ": " + oneLine(e.getMessage());
    }

    private static String oneLine(String text) {
        return text == null ? "no details" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
