package org.opentwinj.platform.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLHandshakeException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits at start until each configured peer answers {@code GET /healthz}, so that a service
 * whose GSS or AUTH is missing says so and exits instead of failing on its first request.
 * Peers that start at the same time are given {@code --peer-wait-ms} to come up.
 */
final class PeerCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PeerCheck.class);

    private static final Duration TCP_PROBE_TIMEOUT = Duration.ofSeconds(3);

    private PeerCheck() {}

    /**
     * @param peers name ("GSS") to URL
     * @throws ExitException {@link ExitCode#PEER_UNREACHABLE} when a peer does not answer in
     *     time, {@link ExitCode#CERTIFICATE_ERROR} when its certificate is refused
     */
    static void awaitAll(ServiceClient client, Map<String, URI> peers, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (Map.Entry<String, URI> peer : peers.entrySet()) {
            await(client, peer.getKey(), peer.getValue(), deadline, wait);
        }
    }

    private static void await(ServiceClient client, String name, URI url, long deadline, Duration wait) {
        long pause = 100;
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                client.get(url, "/healthz");
                LOG.info("{} at {} is up", name, url);
                return;
            } catch (PeerCallException e) {
                if (isTlsRefusal(e)) {
                    throw new ExitException(
                            ExitCode.CERTIFICATE_ERROR,
                            name + " at " + url + " refused over TLS: " + e.getMessage(),
                            e);
                }
                if (System.nanoTime() > deadline) {
                    throw new ExitException(
                            ExitCode.PEER_UNREACHABLE,
                            name + " at " + url + " (" + diagnosis(url) + ") unreachable after " + wait.toMillis()
                                    + " ms and " + attempts + " attempts: " + e.getMessage(),
                            e);
                }
                LOG.debug("waiting for {} at {}: {}", name, url, e.getMessage());
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExitException(ExitCode.PEER_UNREACHABLE, "interrupted while waiting for " + name);
            }
            // At most half a second: a peer started beside this service is used soon after it is up.
            pause = Math.min(pause * 2, 500);
        }
    }

    /**
     * What the peer's host name resolves to now and whether a plain TCP connection to each
     * address opens: tells a wrong DNS answer, a peer that is down and a TLS handshake that
     * does not finish (the client's connect timeout includes the handshake) from each other.
     */
    static String diagnosis(URI url) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            return url.getHost() + " does not resolve";
        }
        int port = url.getPort();
        return Arrays.stream(addresses)
                .map(address -> address.getHostAddress() + " " + tcpProbe(new InetSocketAddress(address, port)))
                .collect(Collectors.joining(", "));
    }

    private static String tcpProbe(InetSocketAddress address) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) TCP_PROBE_TIMEOUT.toMillis());
            return "TCP connects in " + (System.nanoTime() - start) / 1_000_000 + " ms";
        } catch (SocketTimeoutException e) {
            return "TCP connect times out after " + TCP_PROBE_TIMEOUT.toMillis() + " ms";
        } catch (IOException e) {
            return "TCP " + e.getMessage();
        }
    }

    private static boolean isTlsRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }
}
