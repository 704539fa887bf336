package org.opentwinj.platform.launcher.session;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code Relay.Push}: a session service sends a message to every client connected to its
 * session through the relay.
 *
 * @param session the session id
 * @param service the name of the sending service within the session
 * @param message any JSON value
 */
public record PushRequest(String session, String service, JsonNode message) {
    public static final String ACTION = "Relay.Push";
}
