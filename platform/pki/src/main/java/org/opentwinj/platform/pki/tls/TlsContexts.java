package org.opentwinj.platform.pki.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the JDK contexts behind {@link TlsMaterial#serverContext()} and {@link TlsMaterial#clientContext()}. */
final class TlsContexts {
    private TlsContexts() {}

    static SSLContext create(TlsMaterial material, TlsPolicy policy) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    new KeyManager[] {new SingleChainKeyManager(material.key(), material.chain())},
                    new TrustManager[] {new PeerTrustManager(pkixTrustManager(material.trustAnchors()))},
                    null);
            return PolicySslContext.wrap(context, policy);
        } catch (GeneralSecurityException e) {
            // TLS and PKIX are mandatory in every JDK: failing here means a broken runtime.
            throw new IllegalStateException("the JDK cannot build a TLS context", e);
        }
    }

    /** The JDK's PKIX trust manager over exactly the given anchors, not the JDK's cacerts. */
    private static X509ExtendedTrustManager pkixTrustManager(List<X509Certificate> anchors)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("anchor-" + i, anchors.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("the JDK's PKIX trust manager factory made no X509ExtendedTrustManager");
    }
}
