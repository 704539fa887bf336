package org.opentwinj.platform.pki.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.pem.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code certs inspect FILE}: prints what each certificate in a PEM file holds, as JSON in
 * the shape of {@code cfssl certinfo}, one object per certificate, in file order.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description =
                "Prints each certificate of a PEM file as JSON like 'cfssl certinfo', one object per certificate.")
final class InspectCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A PEM file with one or more certificates.")
    private Path file;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        for (X509Certificate certificate : PemFiles.readCertificates(InputFiles.requireFile(file, "FILE"))) {
            out.println(
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(CertificateInfo.of(certificate)));
        }
        out.flush();
        return 0;
    }
}
