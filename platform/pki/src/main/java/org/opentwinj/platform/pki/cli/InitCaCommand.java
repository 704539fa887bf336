package org.opentwinj.platform.pki.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.csr.Durations;
import org.opentwinj.platform.pki.pem.Keys;
import org.opentwinj.platform.pki.tls.PeerCertificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code certs init-ca}: creates a CA and writes {@code ca.pem} and {@code ca-key.pem}. */
@Command(
        name = "init-ca",
        mixinStandardHelpOptions = true,
        description = "Creates a self-signed CA and writes DIR/ca.pem and DIR/ca-key.pem (mode 0600).")
final class InitCaCommand implements Callable<Integer> {
    static final String DEFAULT_COMMON_NAME = "OpenTwin/J CA";
    static final Duration DEFAULT_VALIDITY = Duration.ofHours(43_800);

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--csr",
            paramLabel = "FILE",
            description = "cfssl-style CSR JSON for the CA (CN, key, names, ca.expiry).")
    private Path csr;

    @Option(
            names = "--cn",
            paramLabel = "NAME",
            description = "Common name; overrides the CSR's. Default: '" + DEFAULT_COMMON_NAME + "'.")
    private String commonName;

    @Option(
            names = "--validity",
            paramLabel = "DURATION",
            description =
                    "How long the CA is valid, e.g. 43800h or 1825d. Default: the CSR's ca.expiry, else 43800h (5 years).")
    private String validity;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Directory to write to. Default: the current one.")
    private Path out;

    @Option(names = "--force", description = "Overwrite existing files (the old CA key is lost).")
    private boolean force;

    @Override
    public Integer call() {
        CertificateRequest request = csr != null
                ? CertificateRequest.read(InputFiles.requireFile(csr, "--csr"))
                : CertificateRequest.of(DEFAULT_COMMON_NAME, List.of());
        if (commonName != null) {
            request = request.withCommonName(commonName);
        }
        Duration lifetime = validity != null
                ? Durations.parse("--validity", validity)
                : request.caExpiry().orElse(DEFAULT_VALIDITY);
        CertificateAuthority ca = CertificateAuthority.create(request, lifetime);
        List<Path> written = ca.writeTo(out, force);
        spec.commandLine()
                .getErr()
                .println(CertsCommand.PREFIX + "created CA '"
                        + PeerCertificates.subjectOf(ca.certificate()) + "' ("
                        + Keys.describe(ca.certificate().getPublicKey())
                        + ", valid until " + ca.certificate().getNotAfter().toInstant() + "): wrote " + join(written));
        return 0;
    }

    static String join(List<Path> written) {
        return written.isEmpty()
                ? "nothing (all files were up to date)"
                : String.join(", ", written.stream().map(Path::toString).toList());
    }
}
