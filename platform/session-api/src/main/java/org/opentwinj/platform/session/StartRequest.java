package org.opentwinj.platform.session;

/**
 * {@code Session.Start}: the GSS hands a session to an LSS, which starts its services in the
 * background and reports progress with {@code Session.Report}.
 *
 * @param session the new session's id
 * @param project the project to open
 * @param user    who opens it
 * @param type    the session type
 */
public record StartRequest(String session, String project, String user, String type) {}
