package org.opentwinj.platform.transport.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Tells why an address cannot be bound, by trying it once. */
final class BindProbe {
    private BindProbe() {}

    static String reason(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return "the listener did not start (the address was busy for a moment)";
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
