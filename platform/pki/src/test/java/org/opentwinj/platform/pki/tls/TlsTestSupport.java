package org.opentwinj.platform.pki.tls;

/** Lets tests in other packages run a loopback handshake. */
public final class TlsTestSupport {
    private TlsTestSupport() {}

    /** True when a server with {@code server} and a client with {@code client} dialling {@code host} connect. */
    public static boolean handshake(TlsMaterial server, TlsMaterial client, String host) throws Exception {
        return Handshake.run(server.serverContext(), client.clientContext(), host)
                .succeeded();
    }
}
