package org.opentwinj.platform.pki.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code opentwin certs}: the project's own PKI tool. It reads cfssl-style CSR JSON and
 * writes the PEM files a cfssl or openssl user expects ({@code ca.pem}, {@code ca-key.pem},
 * {@code NAME.pem}, {@code NAME-key.pem}).
 *
 * <p>The main CLI mounts it with {@code addSubcommand(CertsCommand.newCommandLine())} and
 * should install {@link CertsErrors} as its own handlers too, so that errors come out as one
 * line with exit code 2 (bad input, missing files) or 5 (certificate problems).
 */
@Command(
        name = "certs",
        mixinStandardHelpOptions = true,
        description = "Creates a CA, issues certificates and shows what certificates hold.",
        subcommands = {InitCaCommand.class, IssueCommand.class, InspectCommand.class})
public final class CertsCommand {

    /** The prefix of every line this command writes to stderr. */
    static final String PREFIX = "opentwin certs: ";

    /**
     * A command line for {@code certs} with the error handlers that turn failures into one
     * line on stderr and the documented exit codes, ready for {@code execute(args)}.
     */
    public static CommandLine newCommandLine() {
        return new CommandLine(new CertsCommand())
                .setExecutionExceptionHandler(CertsErrors.INSTANCE)
                .setParameterExceptionHandler(CertsErrors.INSTANCE);
    }
}
