package org.opentwinj.platform.pki.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * Creates the JDK's TLS server sockets limited to our protocols; accepted sockets inherit
 * the setting.
 */
final class PolicyServerSocketFactory extends SSLServerSocketFactory {
    private final SSLServerSocketFactory delegate;
    private final TlsPolicy policy;

    PolicyServerSocketFactory(SSLServerSocketFactory delegate, TlsPolicy policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return policy.apply((SSLServerSocket) delegate.createServerSocket());
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return policy.apply((SSLServerSocket) delegate.createServerSocket(port));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return policy.apply((SSLServerSocket) delegate.createServerSocket(port, backlog));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return policy.apply((SSLServerSocket) delegate.createServerSocket(port, backlog, address));
    }
}
