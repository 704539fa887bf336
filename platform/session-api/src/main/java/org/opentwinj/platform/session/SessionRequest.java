package org.opentwinj.platform.session;

/**
 * Names one session: {@code Session.Get}, {@code Session.Close}, {@code Session.Routes},
 * {@code Session.Stop}.
 *
 * @param session the session id
 */
public record SessionRequest(String session) {}
