package org.opentwinj.services.relay;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The other replicas of the relay. A client's websocket is held by one replica, while a
 * session service's push reaches whichever replica the relay's address hands it to; that
 * replica passes the push on to these so that every client of the session gets it.
 *
 * <p>Contract: {@link #others()} is asked on every push and may change between calls
 * (replicas come and go); it never includes the relay asking, and it does not block for long
 * (a DNS lookup at most).
 */
@FunctionalInterface
public interface RelayPeers {
    /** The URLs of the other replicas now. */
    List<URI> others();

    /** A relay that runs alone. */
    static RelayPeers none() {
        return List::of;
    }

    /** A fixed list of peers, e.g. {@code --relay-peers https://relay-1:8094,https://relay-2:8094}. */
    static RelayPeers fixed(List<URI> peers) {
        List<URI> copy = List.copyOf(peers);
        return () -> copy;
    }

    /**
     * Every address a DNS name has, but this host's own, at the relay's port: a Kubernetes
     * headless Service of the relay's pods ({@code --relay-peers-dns relay-peers}).
     */
    static RelayPeers dns(String host, int port) {
        return dns(host, port, name -> InetAddress.getAllByName(name), RelayPeers::isOwnAddress);
    }

    /** {@link #dns(String, int)} with its lookup and its test for this host's addresses given. */
    static RelayPeers dns(String host, int port, Lookup lookup, Predicate<InetAddress> own) {
        Objects.requireNonNull(host, "host");
        return () -> {
            try {
                return Arrays.stream(lookup.addresses(host))
                        .filter(own.negate())
                        .map(address -> url(address, port))
                        .toList();
            } catch (UnknownHostException e) {
                // No replica ready (the headless Service lists ready pods only): nobody to tell.
                return List.of();
            }
        };
    }

    /** A DNS lookup of all addresses of a name. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    private static URI url(InetAddress address, int port) {
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("https://" + host + ":" + port);
    }

    private static boolean isOwnAddress(InetAddress address) {
        try {
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
