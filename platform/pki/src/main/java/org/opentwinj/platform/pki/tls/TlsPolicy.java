package org.opentwinj.platform.pki.tls;

import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The settings applied to every socket and engine of our contexts: TLS 1.3 and 1.2 only,
 * whatever the JDK's security properties would allow, and, for client contexts, endpoint
 * identification {@code HTTPS}, so that a server whose SANs do not cover the dialled host
 * is refused unless the caller deliberately sets other parameters.
 */
record TlsPolicy(boolean clientSide) {
    /** The protocols our contexts speak, newest first. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    SSLParameters apply(SSLParameters parameters) {
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        if (clientSide && parameters.getEndpointIdentificationAlgorithm() == null) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return parameters;
    }

    SSLSocket apply(SSLSocket socket) {
        socket.setSSLParameters(apply(socket.getSSLParameters()));
        return socket;
    }

    SSLServerSocket apply(SSLServerSocket socket) {
        socket.setEnabledProtocols(allowed(socket.getSupportedProtocols()));
        return socket;
    }

    SSLEngine apply(SSLEngine engine) {
        engine.setSSLParameters(apply(engine.getSSLParameters()));
        return engine;
    }

    private static String[] allowed(String[] supported) {
        return Arrays.stream(supported).filter(PROTOCOLS::contains).toArray(String[]::new);
    }
}
