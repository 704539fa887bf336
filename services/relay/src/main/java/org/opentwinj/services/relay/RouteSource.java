package org.opentwinj.services.relay;

import java.util.function.Function;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.transport.client.PeerCallException;

/**
 * What the relay asks the GSS about a session: its routes ({@code Session.Routes}) and, for a
 * message to an on-demand service that does not run, to start it ({@code Session.Demand}). The
 * GSS, or a fake in tests.
 */
interface RouteSource {
    /**
     * Looks the session up now, without caching.
     *
     * @throws org.opentwinj.platform.transport.client.PeerCallException when the lookup fails
     *     (404 for an unknown session; {@code isUnreachable()} when the GSS did not answer)
     * @throws IllegalArgumentException when the answer cannot be read
     */
    Routes fetch(String session);

    /**
     * Starts a service of the session that has no route (an on-demand one that does not run)
     * and answers once it is ready.
     *
     * @throws PeerCallException 404 when the session has no such service, 503 with the reason
     *     when it could not start, or unreachable
     */
    DemandReply demand(String session, String service);

    /** A source of routes only: its sessions have no on-demand services (every demand is 404). */
    static RouteSource routesOnly(Function<String, Routes> routes) {
        return new RouteSource() {
            @Override
            public Routes fetch(String session) {
                return routes.apply(session);
            }

            @Override
            public DemandReply demand(String session, String service) {
                throw new PeerCallException(
                        null, "Session.Demand", 404, "session " + session + " has no service " + service, null);
            }
        };
    }
}
