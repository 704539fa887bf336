package org.opentwinj.services.relay;

import org.opentwinj.platform.session.Routes;

/** Where a session's routes come from: the GSS's {@code Session.Routes}, or a fake in tests. */
@FunctionalInterface
interface RouteSource {
    /**
     * Looks the session up now, without caching.
     *
     * @throws org.opentwinj.platform.transport.client.PeerCallException when the lookup fails
     *     (404 for an unknown session; {@code isUnreachable()} when the GSS did not answer)
     * @throws IllegalArgumentException when the answer cannot be read
     */
    Routes fetch(String session);
}
