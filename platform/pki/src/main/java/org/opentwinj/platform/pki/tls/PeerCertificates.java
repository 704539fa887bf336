package org.opentwinj.platform.pki.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.opentwinj.platform.pki.PkiInputException;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.Host;

/** What a peer's certificate says, in the forms logs and access checks need. */
public final class PeerCertificates {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private PeerCertificates() {}

    /** The subject in RFC 2253 form, most specific first: {@code CN=gss,OU=Platform,O=OpenTwin,C=DE}. */
    public static String subjectOf(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    /**
     * True when the certificate carries the extended key usage extension with every purpose
     * the usage needs (serverAuth, clientAuth or both). A certificate without the extension
     * does not qualify: RFC 5280 would let it be used for anything, this platform does not.
     */
    public static boolean hasUsage(X509Certificate certificate, Usage usage) {
        List<String> purposes = extendedKeyUsages(certificate);
        return purposes.containsAll(usage.extendedKeyUsages());
    }

    /** The extended key usage OIDs of a certificate; empty when it has no such extension. */
    public static List<String> extendedKeyUsages(X509Certificate certificate) {
        try {
            List<String> purposes = certificate.getExtendedKeyUsage();
            return purposes == null ? List.of() : List.copyOf(purposes);
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /**
     * The DNS names and IP addresses among the subject alternative names, in certificate
     * order; IPv6 addresses in their short form ({@code ::1}). Other kinds are left out.
     */
    public static List<String> subjectAlternativeNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            var entries = certificate.getSubjectAlternativeNames();
            if (entries == null) {
                return List.of();
            }
            for (List<?> entry : entries) {
                int type = (Integer) entry.get(0);
                if (type == DNS_NAME || type == IP_ADDRESS) {
                    names.add(canonical(String.valueOf(entry.get(1))));
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return List.copyOf(names);
    }

    private static String canonical(String name) {
        try {
            return Host.parse(name).name();
        } catch (PkiInputException e) {
            // A SAN another tool wrote may break our stricter rules; show it as it is.
            return name;
        }
    }
}
