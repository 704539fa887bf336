package org.opentwinj.platform.launcher;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.pki.bootstrap.StartupCertificates;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.Host;
import org.opentwinj.platform.pki.tls.PeerCertificates;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains the service's certificate: from files ({@code --cert --key --ca}), or issued at
 * start for the names the service will be reached by ({@code --ca --ca-key}), which is how
 * containers and pods get one without baking it into an image.
 */
final class CertificateSetup {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateSetup.class);

    private CertificateSetup() {}

    static TlsMaterial obtain(String service, CommonConfig config) {
        CommonConfig.CertificateSource source = config.certificates();
        if (source.ca().isEmpty()) {
            throw new ExitException(
                    ExitCode.CERTIFICATE_ERROR,
                    "no CA: give --ca (OPEN_TWIN_CA) with --cert and --key, or with --ca-key to issue a certificate at start");
        }
        if (source.caKey().isPresent()) {
            if (source.cert().isPresent() || source.key().isPresent()) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "--ca-key issues a certificate at start; do not give --cert or --key with it");
            }
            CertificateAuthority ca =
                    CertificateAuthority.load(source.ca().get(), source.caKey().get());
            List<String> hosts = new ArrayList<>(new LinkedHashSet<>(
                    concat(StartupCertificates.defaultHosts(config.serviceUrl().getHost()), source.extraHosts())));
            TlsMaterial material;
            try {
                // A session service's certificate names it within its session, as the LSS checks on Service.Confirm.
                String commonName = config.session()
                        .map(role -> role.serviceName() + "." + role.sessionId())
                        .orElse(service);
                material = StartupCertificates.issue(
                        ca, commonName, hosts, Usage.PEER, validityWithin(ca, source.validity()));
            } catch (PublicException e) {
                throw new ExitException(
                        ExitCode.CERTIFICATE_ERROR, "cannot issue a certificate at start: " + e.getMessage(), e);
            }
            LOG.info(
                    "issued a certificate at start for {} valid until {}",
                    hosts,
                    material.chain().getFirst().getNotAfter().toInstant());
            return material;
        }
        if (source.cert().isEmpty() || source.key().isEmpty()) {
            throw new ExitException(
                    ExitCode.CERTIFICATE_ERROR,
                    "no certificate: give --cert and --key (OPEN_TWIN_CERT, OPEN_TWIN_KEY), or --ca-key to issue one at start");
        }
        TlsMaterial material = TlsMaterial.load(
                source.cert().get(), source.key().get(), source.ca().get());
        warnIfPeersWillRefuse(material.chain().getFirst(), config.serviceUrl().getHost());
        return material;
    }

    /**
     * A certificate given as a file may not fit: peers check that it names the host they dial
     * (the published URL's) and carries both usages. The service still starts (a peer may
     * reach it by another name the certificate has), but the operator learns why calls fail.
     */
    static void warnIfPeersWillRefuse(X509Certificate certificate, String publishedHost) {
        String host =
                publishedHost.startsWith("[") ? publishedHost.substring(1, publishedHost.length() - 1) : publishedHost;
        List<String> names = PeerCertificates.subjectAlternativeNames(certificate);
        if (names.stream().noneMatch(name -> covers(name, host))) {
            LOG.warn(
                    "the certificate names {} but the published URL's host is {}: peers that dial {} will refuse it",
                    names,
                    host,
                    host);
        }
        if (!PeerCertificates.hasUsage(certificate, Usage.PEER)) {
            LOG.warn(
                    "the certificate lacks the serverAuth and clientAuth usages a service needs (it has {}): peers will refuse it",
                    PeerCertificates.extendedKeyUsages(certificate));
        }
    }

    /** Exact names (case aside), addresses in any spelling, and one-label wildcards ({@code *.example.org}). */
    private static boolean covers(String name, String host) {
        if (name.equalsIgnoreCase(host)) {
            return true;
        }
        if (name.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equalsIgnoreCase(name.substring(1));
        }
        try {
            return Host.parse(host).name().equalsIgnoreCase(name);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A certificate issued at start never outlives its CA: the validity is cut to the CA's end. */
    private static Duration validityWithin(CertificateAuthority ca, Duration requested) {
        Duration left = Duration.between(
                        Instant.now(), ca.certificate().getNotAfter().toInstant())
                .minusMinutes(1);
        if (left.isNegative() || left.isZero()) {
            throw new ExitException(
                    ExitCode.CERTIFICATE_ERROR,
                    "the CA expired on " + ca.certificate().getNotAfter().toInstant());
        }
        if (left.compareTo(requested) < 0) {
            LOG.warn(
                    "the CA expires on {}: the certificate issued at start is valid until then only",
                    ca.certificate().getNotAfter().toInstant());
            return left;
        }
        return requested;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
