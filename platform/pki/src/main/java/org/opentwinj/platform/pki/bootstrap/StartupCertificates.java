package org.opentwinj.platform.pki.bootstrap;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.opentwinj.platform.pki.PkiInputException;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.csr.Host;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates a service issues itself at start. Containers and pods learn their address
 * only when they run, so a certificate baked into an image cannot name it; a service
 * started with the CA's key ({@code --ca-key}) issues one for the names it will be reached
 * by instead, keeps it in memory (nothing is written, so no key is left on disk), and
 * uses it until it stops.
 */
public final class StartupCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(StartupCertificates.class);

    private StartupCertificates() {}

    /**
     * Issues a certificate with a fresh ECDSA P-256 key for the given names.
     *
     * @param hosts DNS names and IP addresses, e.g. from {@link #defaultHosts(String)}
     * @return the key, the certificate and the CA as trust anchor, ready for TLS
     * @throws PkiInputException if the name or a host is invalid, or the validity would
     *     outlive the CA
     */
    public static TlsMaterial issue(
            CertificateAuthority ca, String commonName, List<String> hosts, Usage usage, Duration validity) {
        return TlsMaterial.of(ca.issue(CertificateRequest.of(commonName, hosts), usage, validity));
    }

    /**
     * The names a service on this machine may be reached by, in this order, without
     * duplicates: the published host (from its {@code --url}; skipped when null or blank),
     * {@code localhost}, {@code 127.0.0.1}, {@code ::1}, the machine's host name, and the
     * addresses of its up, non-loopback interfaces. Link-local addresses are left out:
     * they need a zone id to be dialled, which a certificate cannot hold.
     *
     * @throws PkiInputException if the published host is neither an IP address nor a valid DNS name
     */
    public static List<String> defaultHosts(String publishedHost) {
        Set<Host> hosts = new LinkedHashSet<>();
        if (publishedHost != null && !publishedHost.isBlank()) {
            hosts.add(Host.parse(publishedHost));
        }
        hosts.add(Host.parse("localhost"));
        hosts.add(Host.parse("127.0.0.1"));
        hosts.add(Host.parse("::1"));
        String hostName = localHostName();
        if (hostName != null) {
            try {
                hosts.add(Host.parse(hostName));
            } catch (PkiInputException e) {
                LOG.debug("host name '{}' is not a valid DNS name; it is left out of the certificate", hostName);
            }
        }
        hosts.addAll(interfaceAddresses());
        return hosts.stream().map(Host::name).toList();
    }

    /**
     * The machine's host name. {@code getLocalHost} resolves the name and fails when it
     * does not resolve (common in containers), but the exception message still starts
     * with the name, which is all we need.
     */
    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String message = e.getMessage();
            int colon = message == null ? -1 : message.indexOf(':');
            return colon > 0 ? message.substring(0, colon).strip() : null;
        }
    }

    private static List<Host> interfaceAddresses() {
        List<Host> addresses = new ArrayList<>();
        try {
            for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : network.inetAddresses().toList()) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        addresses.add(Host.ofAddress(address));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn(
                    "cannot list network interfaces; the certificate names only the host name and loopback: {}",
                    e.getMessage());
        }
        return addresses;
    }
}
