package org.opentwinj.platform.session;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code Relay.Push}: a session service sends a message to every client connected to its
 * session through the relay (the reply is a {@link PushReply}).
 *
 * @param session  the session id
 * @param service  the name of the sending service within the session
 * @param message  any JSON value
 * @param fromPeer set by a relay that passes the push on to its peer relays: the peer
 *                 delivers it to its own clients only and passes it on to nobody
 */
public record PushRequest(String session, String service, JsonNode message, boolean fromPeer) {
    public static final String ACTION = ActionNames.RELAY_PUSH;

    /** A push from a session service. */
    public PushRequest(String session, String service, JsonNode message) {
        this(session, service, message, false);
    }

    /** The same push, as a relay passes it on to its peers. */
    public PushRequest toPeers() {
        return new PushRequest(session, service, message, true);
    }
}
