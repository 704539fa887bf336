package org.opentwinj.platform.pki.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.opentwinj.platform.pki.PkiInputException;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.csr.Durations;
import org.opentwinj.platform.pki.tls.PeerCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code certs issue}: issues a certificate from a CA and writes {@code NAME.pem},
 * {@code NAME-key.pem} and {@code ca.pem}, as cfssl's {@code gencert | cfssljson -bare NAME} does.
 */
@Command(
        name = "issue",
        mixinStandardHelpOptions = true,
        description = "Issues a server, client or peer certificate; writes DIR/NAME.pem, DIR/NAME-key.pem (mode 0600)"
                + " and DIR/ca.pem.")
final class IssueCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--ca",
            required = true,
            paramLabel = "DIR_OR_FILE",
            description = "The CA certificate, or the directory holding ca.pem.")
    private Path ca;

    @Option(names = "--ca-key", required = true, paramLabel = "FILE", description = "The CA's private key.")
    private Path caKey;

    @Option(names = "--csr", paramLabel = "FILE", description = "cfssl-style CSR JSON (CN, hosts, key, names).")
    private Path csr;

    @Option(names = "--cn", paramLabel = "NAME", description = "Common name; overrides the CSR's.")
    private String commonName;

    @Option(
            names = "--hosts",
            split = ",",
            paramLabel = "HOST",
            description = "DNS names and IP addresses for the SANs, comma-separated; added to the CSR's hosts.")
    private List<String> hosts = new ArrayList<>();

    @Option(
            names = "--usage",
            defaultValue = "peer",
            paramLabel = "server|client|peer",
            description = "Extended key usage: server (serverAuth), client (clientAuth) or peer (both). Default: peer.")
    private String usage;

    @Option(
            names = "--validity",
            defaultValue = "8760h",
            paramLabel = "DURATION",
            description = "How long the certificate is valid, e.g. 8760h or 90d. Default: 8760h (1 year).")
    private String validity;

    @Option(names = "--name", paramLabel = "NAME", description = "File name stem. Default: the common name.")
    private String name;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Directory to write to. Default: the current one.")
    private Path out;

    @Option(names = "--force", description = "Overwrite existing files.")
    private boolean force;

    @Override
    public Integer call() {
        Usage purpose = Usage.parse(usage);
        Duration lifetime = Durations.parse("--validity", validity);
        CertificateRequest request = request().withMoreHosts(hosts);
        Path caFile = Files.isDirectory(ca) ? ca.resolve(CertificateAuthority.CERTIFICATE_FILE) : ca;
        CertificateAuthority authority = CertificateAuthority.load(
                InputFiles.requireFile(caFile, "--ca"), InputFiles.requireFile(caKey, "--ca-key"));
        IssuedCertificate issued = authority.issue(request, purpose, lifetime);
        List<Path> written = issued.writeTo(out, name != null ? name : request.commonName(), force);
        String hostList = request.hosts().isEmpty()
                ? "no hosts (clients that check host names will refuse it as a server)"
                : "hosts " + request.hosts();
        spec.commandLine()
                .getErr()
                .println(CertsCommand.PREFIX + "issued " + purpose.cliName() + " certificate '"
                        + PeerCertificates.subjectOf(issued.certificate()) + "' for " + hostList + ", valid until "
                        + issued.certificate().getNotAfter().toInstant() + ": wrote " + InitCaCommand.join(written));
        return 0;
    }

    private CertificateRequest request() {
        if (csr != null) {
            CertificateRequest fromFile = CertificateRequest.read(InputFiles.requireFile(csr, "--csr"));
            return commonName != null ? fromFile.withCommonName(commonName) : fromFile;
        }
        if (commonName == null) {
            throw new PkiInputException("issue needs --csr FILE or --cn NAME");
        }
        return CertificateRequest.of(commonName, List.of());
    }
}
