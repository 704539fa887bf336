package org.opentwinj.platform.pki.csr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.opentwinj.platform.pki.PkiInputException;

/**
 * What a certificate should say, read from cfssl-style CSR JSON:
 *
 * <pre>{@code
 * {"CN": "gss", "hosts": ["gss.local", "127.0.0.1", "::1"],
 *  "key": {"algo": "ecdsa", "size": 256},
 *  "names": [{"C": "DE", "ST": "Hessen", "L": "Darmstadt", "O": "OpenTwin", "OU": "Platform"}],
 *  "ca": {"expiry": "43800h"}}
 * }</pre>
 *
 * <p>Only {@code CN} is required. Instances are immutable and always valid: the common
 * name is not blank, every host is classified and checked, the key size fits the
 * algorithm, hosts hold no duplicates.
 *
 * @param commonName the subject's CN
 * @param hosts the names and addresses that become subject alternative names, in order
 * @param key the key pair to generate
 * @param names further subject attributes
 * @param caExpiry the validity cfssl's {@code ca.expiry} asks for, if any (used by init-ca)
 */
public record CertificateRequest(
        String commonName, List<Host> hosts, KeySpec key, List<SubjectName> names, Optional<Duration> caExpiry) {

    public CertificateRequest {
        if (commonName == null || commonName.isBlank()) {
            throw new PkiInputException("CN is required and must not be blank");
        }
        commonName = commonName.strip();
        hosts = List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(hosts, "hosts")));
        key = Objects.requireNonNull(key, "key");
        names = List.copyOf(names);
        caExpiry = Objects.requireNonNull(caExpiry, "caExpiry");
    }

    /**
     * A request with a common name and hosts, a default key and no other attributes.
     *
     * @throws PkiInputException if the name is blank or a host is invalid
     */
    public static CertificateRequest of(String commonName, List<String> hosts) {
        return new CertificateRequest(commonName, parseHosts(hosts), KeySpec.DEFAULT, List.of(), Optional.empty());
    }

    /**
     * Parses CSR JSON. Fields other than {@code CN}, {@code hosts}, {@code key},
     * {@code names} and {@code ca} are refused, so that a typo does not silently drop a
     * host or a key size.
     *
     * @throws PkiInputException with a one-line message naming the field at fault
     */
    public static CertificateRequest parse(String json) {
        return CsrJson.parse(json);
    }

    /**
     * Reads and parses a CSR JSON file.
     *
     * @throws PkiInputException if the file is missing or unreadable, or its content is invalid
     *     (the message then starts with the file name)
     */
    public static CertificateRequest read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PkiInputException("CSR file " + file + " does not exist");
        } catch (IOException e) {
            throw new PkiInputException("CSR file " + file + " cannot be read: " + e.getMessage());
        }
        try {
            return parse(json);
        } catch (PkiInputException e) {
            throw new PkiInputException(file + ": " + e.getMessage());
        }
    }

    /** This request with another common name. */
    public CertificateRequest withCommonName(String newCommonName) {
        return new CertificateRequest(newCommonName, hosts, key, names, caExpiry);
    }

    /**
     * This request with more hosts appended (duplicates are dropped).
     *
     * @throws PkiInputException if one of them is invalid
     */
    public CertificateRequest withMoreHosts(List<String> moreHosts) {
        List<Host> all = new ArrayList<>(hosts);
        all.addAll(parseHosts(moreHosts));
        return new CertificateRequest(commonName, all, key, names, caExpiry);
    }

    /** This request with another key specification. */
    public CertificateRequest withKey(KeySpec newKey) {
        return new CertificateRequest(commonName, hosts, newKey, names, caExpiry);
    }

    private static List<Host> parseHosts(List<String> hosts) {
        return hosts.stream().map(Host::parse).toList();
    }
}
