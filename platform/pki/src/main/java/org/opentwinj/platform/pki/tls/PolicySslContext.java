package org.opentwinj.platform.pki.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} that hands out sockets, server sockets and engines of an
 * initialised JDK context with {@link TlsPolicy} applied. Wrapping the context, rather
 * than asking every caller to set parameters, keeps the policy in one place: the JDK
 * HttpClient, a web server or a plain socket all get it.
 */
final class PolicySslContext extends SSLContext {

    private PolicySslContext(SSLContext delegate, TlsPolicy policy) {
        super(new Spi(delegate, policy), delegate.getProvider(), delegate.getProtocol());
    }

    /** Wraps an initialised context. */
    static SSLContext wrap(SSLContext initialised, TlsPolicy policy) {
        return new PolicySslContext(initialised, policy);
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final TlsPolicy policy;

        Spi(SSLContext delegate, TlsPolicy policy) {
            this.delegate = delegate;
            this.policy = policy;
        }

        @Override
        protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("this context is already initialised with its key and trust managers");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new PolicySocketFactory(delegate.getSocketFactory(), policy);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new PolicyServerSocketFactory(delegate.getServerSocketFactory(), policy);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return policy.apply(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return policy.apply(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return policy.apply(delegate.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}
