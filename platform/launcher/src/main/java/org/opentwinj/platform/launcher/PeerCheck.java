package org.opentwinj.platform.launcher;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
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
                    throw new ExitException(ExitCode.CERTIFICATE_ERROR, name + " at " + url + " refused over TLS: "
                            + e.getMessage(), e);
                }
                if (System.nanoTime() > deadline) {
                    throw new ExitException(ExitCode.PEER_UNREACHABLE, name + " at " + url + " (" + addresses(url.getHost())
                            + ") unreachable after " + wait.toMillis() + " ms and " + attempts + " attempts: " + e.getMessage(), e);
                }
                LOG.debug("waiting for {} at {}: {}", name, url, e.getMessage());
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExitException(ExitCode.PEER_UNREACHABLE, "interrupted while waiting for " + name);
            }
            pause = Math.min(pause * 2, 2000);
        }
    }

    /** What the peer's host name resolves to now: tells a wrong DNS answer from a peer that is down. */
    static String addresses(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
        } catch (UnknownHostException e) {
            return host + " does not resolve";
        }
    }

    private static boolean isTlsRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }
}
