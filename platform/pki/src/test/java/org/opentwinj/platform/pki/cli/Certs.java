package org.opentwinj.platform.pki.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code certs} in process and keeps what it printed. */
record Certs(int exitCode, String out, String err) {

    static Certs run(String... args) {
        CommandLine command = CertsCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new Certs(exitCode, out.toString(), err.toString());
    }
}
