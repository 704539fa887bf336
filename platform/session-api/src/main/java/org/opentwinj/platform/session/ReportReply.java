package org.opentwinj.platform.session;

/**
 * The GSS's answer to {@code Session.Report}.
 *
 * @param state the session's state at the GSS (which may have ended it, e.g. closed while the LSS was away)
 * @param drop  true when the GSS wants nothing more of the session: the LSS stops it
 */
public record ReportReply(SessionState state, boolean drop) {}
