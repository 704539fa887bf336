package org.opentwinj.platform.transport.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.stream.Stream;

/**
 * The JDK's name resolution without reverse lookups: host names resolve as always, but an
 * address is never turned back into a name ({@link InetAddress#getHostName()} then gives the
 * address as text, as it does when no name is found).
 *
 * <p>Why: Helidon's server creates the TLS engine of every accepted connection with the
 * client's host name, a reverse lookup of its address, blocking in native code on a carrier
 * thread. On a container network the lookup of a new peer's address can take many seconds
 * (podman's DNS server forwards it to the host's resolver), so every handshake from that
 * peer stalled: a GSS started next to AUTH could not reach it for 30 s. No OpenTwin/J code
 * needs the name of an address. The JDK finds this provider through
 * {@code META-INF/services/java.net.spi.InetAddressResolverProvider}: the resolver is chosen
 * at the first lookup of the process, before any code of ours runs, so it cannot be wired in
 * {@code main}.
 */
public final class ForwardOnlyResolverProvider extends InetAddressResolverProvider {
    @Override
    public InetAddressResolver get(Configuration configuration) {
        return new ForwardOnlyResolver(configuration.builtinResolver());
    }

    @Override
    public String name() {
        return "opentwin-forward-only";
    }

    /** Forward lookups by the JDK's resolver; reverse lookups answered "no name" at once. */
    record ForwardOnlyResolver(InetAddressResolver builtin) implements InetAddressResolver {
        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) throws UnknownHostException {
            return builtin.lookupByName(host, lookupPolicy);
        }

        @Override
        public String lookupByAddress(byte[] address) throws UnknownHostException {
            throw new UnknownHostException("OpenTwin/J does not resolve addresses to names");
        }
    }
}
