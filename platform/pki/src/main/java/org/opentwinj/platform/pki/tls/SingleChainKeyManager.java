package org.opentwinj.platform.pki.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager that always offers its one certificate chain. Unlike the JDK's, it does
 * not drop the chain when the peer's list of acceptable issuers does not name our CA: the
 * peer then refuses the chain with a reason in its log, which is far easier to diagnose
 * than a handshake without any certificate.
 */
final class SingleChainKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "opentwin";

    private final PrivateKey key;
    private final X509Certificate[] chain;

    SingleChainKeyManager(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = chain.toArray(X509Certificate[]::new);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return anyFits(keyTypes) ? ALIAS : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return anyFits(keyTypes) ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return fits(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    private boolean anyFits(String[] keyTypes) {
        return keyTypes != null && Arrays.stream(keyTypes).anyMatch(this::fits);
    }

    /**
     * The JDK asks by key type: "EC" or "RSA", in TLS 1.2 sometimes "EC_EC" or "EC_RSA"
     * (key type, then the signer's). "RSASSA-PSS" means a PSS-only key, which ours is not.
     */
    private boolean fits(String keyType) {
        String algorithm = key.getAlgorithm();
        return keyType != null && (keyType.equals(algorithm) || keyType.startsWith(algorithm + "_"));
    }
}
