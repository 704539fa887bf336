package org.opentwinj.platform.pki.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection over loopback between a server and a client context, each side on
 * its own daemon thread with timeouts, reporting how each side ended.
 */
final class Handshake {
    private static final int TIMEOUT_MS = 10_000;

    /** How the two sides ended: null for success, else the exception. */
    record Outcome(Throwable server, Throwable client, String protocol) {
        boolean succeeded() {
            return server == null && client == null;
        }

        /** Every message in the cause chains of both sides, for assertions on reasons. */
        List<String> messages() {
            List<String> messages = new ArrayList<>();
            for (Throwable side : new Throwable[] {server, client}) {
                for (Throwable t = side; t != null; t = t.getCause()) {
                    messages.add(String.valueOf(t.getMessage()));
                }
            }
            return messages;
        }
    }

    private Handshake() {}

    /**
     * Connects to the server on 127.0.0.1 while telling TLS it dialled {@code dialledHost},
     * which decides SNI and the host the client checks the server's SANs against.
     */
    static Outcome run(SSLContext serverContext, SSLContext clientContext, String dialledHost) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (SSLServerSocket server =
                (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            server.setNeedClientAuth(true);
            server.setSoTimeout(TIMEOUT_MS);
            CompletableFuture<Throwable> serverSide = new CompletableFuture<>();
            CompletableFuture<String> protocol = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("tls-test-server").start(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.setSoTimeout(TIMEOUT_MS);
                    socket.startHandshake();
                    protocol.complete(socket.getSession().getProtocol());
                    socket.getOutputStream().write(42);
                    socket.getOutputStream().flush();
                    readOne(socket.getInputStream());
                    serverSide.complete(null);
                } catch (Throwable e) {
                    serverSide.complete(e);
                }
            });
            Throwable clientSide = null;
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(loopback, server.getLocalPort()), TIMEOUT_MS);
                plain.setSoTimeout(TIMEOUT_MS);
                try (SSLSocket socket = (SSLSocket) clientContext
                        .getSocketFactory()
                        .createSocket(plain, dialledHost, server.getLocalPort(), true)) {
                    socket.startHandshake();
                    readOne(socket.getInputStream());
                    socket.getOutputStream().write(43);
                    socket.getOutputStream().flush();
                }
            } catch (Throwable e) {
                clientSide = e;
            }
            Throwable serverResult = serverSide.get(TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS);
            return new Outcome(serverResult, clientSide, protocol.getNow(null));
        }
    }

    private static void readOne(InputStream in) throws IOException {
        if (in.read() < 0) {
            throw new IOException("the peer closed the connection");
        }
    }
}
