package org.opentwinj.platform.pki.ca;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.opentwinj.platform.pki.PkiInputException;

/**
 * What a certificate may be used for, written into its extended key usage. Services talk
 * to each other with mutual TLS, so most service certificates are {@link #PEER}; a thin
 * client's certificate is {@link #CLIENT}; a public endpoint's is {@link #SERVER}.
 */
public enum Usage {
    /** TLS server authentication only (EKU serverAuth). */
    SERVER("server", List.of(Usage.SERVER_AUTH)),
    /** TLS client authentication only (EKU clientAuth). */
    CLIENT("client", List.of(Usage.CLIENT_AUTH)),
    /** Both: a service that serves requests and calls other services. */
    PEER("peer", List.of(Usage.SERVER_AUTH, Usage.CLIENT_AUTH));

    /** OID of the serverAuth extended key usage (RFC 5280, id-kp-serverAuth). */
    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** OID of the clientAuth extended key usage (RFC 5280, id-kp-clientAuth). */
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final String cliName;
    private final List<String> extendedKeyUsages;

    Usage(String cliName, List<String> extendedKeyUsages) {
        this.cliName = cliName;
        this.extendedKeyUsages = extendedKeyUsages;
    }

    /** The name used on the command line: {@code server}, {@code client} or {@code peer}. */
    public String cliName() {
        return cliName;
    }

    /** The extended key usage OIDs a certificate for this usage carries. */
    public List<String> extendedKeyUsages() {
        return extendedKeyUsages;
    }

    /**
     * Reads a usage name, ignoring case.
     *
     * @throws PkiInputException listing the valid names
     */
    public static Usage parse(String name) {
        for (Usage usage : values()) {
            if (usage.cliName.equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT))) {
                return usage;
            }
        }
        throw new PkiInputException("usage '" + name + "' is not known: use "
                + Arrays.stream(values()).map(Usage::cliName).collect(Collectors.joining(", ")));
    }
}
