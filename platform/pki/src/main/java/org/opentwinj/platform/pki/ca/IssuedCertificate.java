package org.opentwinj.platform.pki.ca;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.opentwinj.platform.pki.PkiInputException;
import org.opentwinj.platform.pki.pem.OutputFiles;
import org.opentwinj.platform.pki.pem.OutputFiles.OutputFile;
import org.opentwinj.platform.pki.pem.PemFiles;

/**
 * A certificate fresh from the CA, with its private key and the CA certificate that
 * verifies it.
 *
 * @param certificate the issued leaf certificate
 * @param privateKey its private key
 * @param caCertificate the issuing CA's certificate
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, X509Certificate caCertificate) {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /** Writes the files as {@link #writeTo(Path, String, boolean)} does, refusing to overwrite. */
    public List<Path> writeTo(Path directory, String name) {
        return writeTo(directory, name, false);
    }

    /**
     * Writes the files cfssljson writes: {@code <name>.pem} (the certificate),
     * {@code <name>-key.pem} (the PKCS#8 key, mode 0600) and {@code ca.pem} (the CA
     * certificate). An existing {@code ca.pem} with the same content is left alone, so
     * issuing into the CA's own directory needs no {@code force}.
     *
     * @param name the file name stem: letters, digits, dots, hyphens and underscores; not
     *     {@code ca} or {@code ca-key}, which would overwrite the CA's files
     * @param force overwrite existing, different files
     * @return the files written
     * @throws PkiInputException for a bad name, a file that exists without {@code force},
     *     or a failed write; nothing is written then
     */
    public List<Path> writeTo(Path directory, String name, boolean force) {
        if (name == null || !FILE_NAME.matcher(name).matches()) {
            throw new PkiInputException("name '" + name + "' is not a usable file name: use letters, digits,"
                    + " '.', '-' and '_', e.g. --name gss");
        }
        if (name.equals("ca") || name.equals("ca-key")) {
            throw new PkiInputException("name '" + name + "' would overwrite the CA's files: choose another name");
        }
        return OutputFiles.write(
                List.of(
                        new OutputFile(directory.resolve(name + ".pem"), PemFiles.toPem(List.of(certificate)), false),
                        new OutputFile(directory.resolve(name + "-key.pem"), PemFiles.toPem(privateKey), true),
                        new OutputFile(
                                directory.resolve(CertificateAuthority.CERTIFICATE_FILE),
                                PemFiles.toPem(List.of(caCertificate)),
                                false)),
                force);
    }
}
