package org.opentwinj.platform.pki.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.opentwinj.platform.pki.ca.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust manager of every OpenTwin/J TLS context. It lets the JDK's PKIX trust manager
 * do the real work (chain, validity, constraints and, when the client socket or engine
 * sets endpoint identification to {@code HTTPS}, whether the SANs cover the dialled host)
 * and adds one rule: the peer's leaf certificate must carry the extended key usage for its
 * role, clientAuth for clients and serverAuth for servers. The JDK accepts a certificate
 * without the extension; here a service certificate must say what it is for.
 *
 * <p>Every refusal is logged as one WARN line naming the peer's subject and a plain
 * reason (expired, not yet valid, wrong usage, foreign CA, SANs not covering the host),
 * and thrown as a {@link CertificateException} with the same text, so the handshake
 * failure carries it too.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTrustManager.class);

    /** A check that may refuse the chain. */
    private interface Check {
        void run() throws CertificateException;
    }

    /** Which side of the connection the checked chain belongs to. */
    private enum Peer {
        CLIENT("clientAuth", Usage.CLIENT_AUTH),
        SERVER("serverAuth", Usage.SERVER_AUTH);

        final String usageName;
        final String usageOid;

        Peer(String usageName, String usageOid) {
            this.usageName = usageName;
            this.usageOid = usageOid;
        }
    }

    private final X509ExtendedTrustManager pkix;

    PeerTrustManager(X509ExtendedTrustManager pkix) {
        this.pkix = pkix;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(
                Peer.CLIENT,
                chain,
                hostOf(socket),
                () -> pkix.checkClientTrusted(chain, authType, socket),
                () -> pkix.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(
                Peer.CLIENT,
                chain,
                hostOf(engine),
                () -> pkix.checkClientTrusted(chain, authType, engine),
                () -> pkix.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(
                Peer.CLIENT,
                chain,
                null,
                () -> pkix.checkClientTrusted(chain, authType),
                () -> pkix.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(
                Peer.SERVER,
                chain,
                hostOf(socket),
                () -> pkix.checkServerTrusted(chain, authType, socket),
                () -> pkix.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(
                Peer.SERVER,
                chain,
                hostOf(engine),
                () -> pkix.checkServerTrusted(chain, authType, engine),
                () -> pkix.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(
                Peer.SERVER,
                chain,
                null,
                () -> pkix.checkServerTrusted(chain, authType),
                () -> pkix.checkServerTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    /**
     * Runs the JDK's full check, then the usage rule. {@code chainOnly} is the JDK's check
     * without endpoint identification; it is run only after a refusal, to tell a chain
     * problem from a host name mismatch.
     */
    private void verify(Peer peer, X509Certificate[] chain, String host, Check full, Check chainOnly)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw refuse(peer, host, "(none)", "no certificate was presented", null);
        }
        X509Certificate leaf = chain[0];
        try {
            full.run();
        } catch (CertificateException e) {
            throw refuse(peer, host, PeerCertificates.subjectOf(leaf), diagnose(peer, leaf, chainOnly, e), e);
        }
        if (!PeerCertificates.extendedKeyUsages(leaf).contains(peer.usageOid)) {
            throw refuse(peer, host, PeerCertificates.subjectOf(leaf), lacksUsage(peer), null);
        }
    }

    /** Names the most specific reason why the JDK refused the chain. */
    private static String diagnose(Peer peer, X509Certificate leaf, Check chainOnly, CertificateException refusal) {
        Instant now = Instant.now();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            return "expired on " + leaf.getNotAfter().toInstant();
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            return "not valid before " + leaf.getNotBefore().toInstant();
        }
        List<String> usages = PeerCertificates.extendedKeyUsages(leaf);
        if (!usages.isEmpty() && !usages.contains(peer.usageOid)) {
            return lacksUsage(peer);
        }
        try {
            chainOnly.run();
        } catch (CertificateException chainRefusal) {
            return "does not chain to the trusted CA";
        }
        if (peer == Peer.SERVER) {
            // The chain alone is fine, so the JDK's endpoint identification refused it.
            return "SANs " + PeerCertificates.subjectAlternativeNames(leaf) + " do not cover the dialled host";
        }
        return "refused by the TLS checks: "
                + String.valueOf(refusal.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }

    private static String lacksUsage(Peer peer) {
        return "lacks the " + peer.usageName + " extended key usage";
    }

    private static CertificateException refuse(
            Peer peer, String host, String subject, String reason, CertificateException cause) {
        String line = peer == Peer.CLIENT
                ? "client certificate refused: " + subject + ": " + reason
                : "server certificate for '" + (host == null ? "unknown host" : host) + "' refused: " + subject + ": "
                        + reason;
        LOG.warn(line);
        return cause == null ? new CertificateException(line) : new CertificateException(line, cause);
    }

    private static String hostOf(Socket socket) {
        return socket instanceof SSLSocket ssl ? hostOf(ssl.getHandshakeSession()) : null;
    }

    private static String hostOf(SSLEngine engine) {
        return engine == null ? null : hostOf(engine.getHandshakeSession());
    }

    /** The name the client asked for (SNI) if any, else the host it connected to. */
    private static String hostOf(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName hostName) {
                    return hostName.getAsciiName();
                }
            }
        }
        return session == null ? null : session.getPeerHost();
    }
}
