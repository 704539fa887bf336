package org.opentwinj.platform.session;

/**
 * A service's answer to {@code Run}.
 *
 * @param service its name within the session
 * @param session the session id
 */
public record RunReply(String service, String session) {}
