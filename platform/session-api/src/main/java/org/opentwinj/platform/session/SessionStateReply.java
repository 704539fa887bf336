package org.opentwinj.platform.session;

/**
 * The LSS's answer to {@code Session.Start} and {@code Session.Stop}.
 *
 * @param session the session id
 * @param state   its state on the LSS now ({@code CLOSED} when the LSS has forgotten it)
 */
public record SessionStateReply(String session, SessionState state) {}
