package org.opentwinj.services.gss.session;

import java.util.List;
import java.util.Map;
import org.opentwinj.platform.transport.action.OptionalField;

/**
 * {@code Session.Report}: an LSS tells the GSS where a session stands. Reports repeat the
 * whole picture (state, services) plus the events the GSS has not acknowledged yet, so a lost
 * or repeated report does no harm.
 *
 * @param lss      the reporting LSS's id
 * @param session  the session id
 * @param state    STARTING, RUNNING, RECOVERING, CLOSING, CLOSED or FAILED
 * @param reason   why it failed or closed, if it did
 * @param services each service's URL and state
 * @param events   new events, numbered by the LSS from 1
 */
public record LssReport(String lss, String session, SessionState state, @OptionalField String reason,
        Map<String, ServiceStatus> services, List<SessionEvent> events) {}
