package org.opentwinj.platform.pki.csr;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.opentwinj.platform.pki.PkiInputException;

/**
 * One entry of a CSR's {@code hosts}: an IPv4 address, an IPv6 address or a DNS name, in
 * canonical text (IPv6 compressed as RFC 5952 says, DNS names in lower case), so that two
 * spellings of one name compare equal and a SAN list reads the same everywhere.
 *
 * <p>Parsing never touches the network: IP literals are parsed as literals, anything else
 * must be a syntactically valid DNS name (letters, digits and hyphens in dot-separated
 * labels of at most 63 characters, no label starting or ending with a hyphen, an optional
 * leading {@code *.} wildcard, 253 characters at most).
 *
 * @param name the canonical text of the host
 * @param kind what the text is, which decides whether it becomes a DNS or an IP SAN
 */
public record Host(String name, Kind kind) {

    /** How a host entry is put into a certificate. */
    public enum Kind {
        DNS,
        IPV4,
        IPV6;

        /** True for the two IP kinds, which become IP-address SANs. */
        public boolean isIp() {
            return this != DNS;
        }
    }

    private static final Pattern DOTTED_DIGITS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Classifies and validates one host entry.
     *
     * @throws PkiInputException naming the entry and saying what is allowed
     */
    public static Host parse(String text) {
        if (text == null || text.isBlank()) {
            throw new PkiInputException("host '' is empty: give a DNS name or an IP address");
        }
        String host = text.strip();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.contains(":")) {
            return ofAddress(parseIpv6(text, host));
        }
        if (DOTTED_DIGITS.matcher(host).matches()) {
            return ofAddress(parseIpv4(text, host));
        }
        return new Host(validDnsName(text, host.toLowerCase(Locale.ROOT)), Kind.DNS);
    }

    /** The host for an address, e.g. one found on a network interface. */
    public static Host ofAddress(InetAddress address) {
        if (address instanceof Inet4Address) {
            return new Host(address.getHostAddress(), Kind.IPV4);
        }
        return new Host(IpText.formatIpv6(address.getAddress()), Kind.IPV6);
    }

    /** The address of an IP host, without any lookup. */
    public InetAddress address() {
        if (!kind.isIp()) {
            throw new IllegalStateException("not an IP address: " + name);
        }
        return InetAddress.ofLiteral(name);
    }

    @Override
    public String toString() {
        return name;
    }

    private static InetAddress parseIpv6(String original, String host) {
        if (host.contains("%")) {
            throw new PkiInputException(
                    "host '" + original + "' has a zone id: zone ids cannot appear in a certificate");
        }
        try {
            return Inet6Address.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new PkiInputException("host '" + original + "' is not a valid IPv6 address");
        }
    }

    private static InetAddress parseIpv4(String original, String host) {
        // The JDK also reads shortened forms such as 127.1; in a certificate they only confuse.
        if (!IPV4.matcher(host).matches()) {
            throw new PkiInputException(
                    "host '" + original + "' is not a valid IPv4 address: use four numbers 0-255 like 10.0.0.1");
        }
        try {
            return Inet4Address.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new PkiInputException(
                    "host '" + original + "' is not a valid IPv4 address: use four numbers 0-255 like 10.0.0.1");
        }
    }

    private static String validDnsName(String original, String host) {
        String rest = host.startsWith("*.") ? host.substring(2) : host;
        boolean valid = host.length() <= 253 && !rest.isEmpty();
        for (String label : rest.split("\\.", -1)) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid) {
            throw new PkiInputException("host '" + original + "' is neither an IP address nor a valid DNS name:"
                    + " use letters, digits, hyphens and dots, optionally starting with '*.'");
        }
        return host;
    }
}
