package org.opentwinj.cli.client;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import picocli.CommandLine;

/**
 * What the client commands share: the environment, the output, and how they read secrets.
 * It is also the picocli factory that hands itself to every client command.
 *
 * @param err where notes go that are not the command's result (progress, hints), so that
 *            scripts can read the result from {@code out} alone
 */
public record ClientContext(Map<String, String> environment, PrintStream out, InputStream in, PrintStream err)
        implements CommandLine.IFactory {
    /** Notes go to the process's standard error. */
    public ClientContext(Map<String, String> environment, PrintStream out, InputStream in) {
        this(environment, out, in, System.err);
    }

    /**
     * Whether {@code out} is a terminal a person watches (progress bars redraw one line),
     * rather than a file or a pipe (one plain line per change).
     */
    boolean interactive() {
        return out == System.out && System.console() != null && System.console().isTerminal();
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getDeclaredConstructor(ClientContext.class).newInstance(this);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
    }

    /**
     * A secret from the environment variable, else typed at the terminal without echo, else
     * the first line of standard input (for scripts), so it never appears on a command line.
     */
    String secret(String variable, String prompt) {
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        Console console = System.console();
        if (console != null && in == System.in) {
            char[] typed = console.readPassword("%s: ", prompt);
            if (typed != null && typed.length > 0) {
                return new String(typed);
            }
        } else {
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                if (line != null && !line.isEmpty()) {
                    return line;
                }
            } catch (IOException e) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION, "cannot read the " + prompt + ": " + e.getMessage(), e);
            }
        }
        throw new ExitException(
                ExitCode.INVALID_CONFIGURATION,
                "no " + prompt + ": type it, pipe it on standard input, or set " + variable);
    }
}
