package org.opentwinj.platform.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Session.Report}: an LSS tells the GSS where a session stands. Reports repeat the
 * whole picture (state, services) plus the events the GSS has not acknowledged yet, so a lost
 * or repeated report does no harm.
 *
 * @param lss      the reporting LSS's id
 * @param session  the session id
 * @param state    STARTING, RUNNING, RECOVERING, CLOSING, CLOSED or FAILED
 * @param reason   why it failed or closed, if it did (left out of the JSON otherwise)
 * @param services each service's URL and state
 * @param events   new events, numbered by the LSS from 1
 * @param commands the catalogues its services sent with {@code Service.Confirm}, by service name
 *                 within the session ({@code []} for a service without commands); the GSS keeps
 *                 the latest per name for {@code Session.Commands} (left out when none is new)
 */
public record SessionReport(
        String lss,
        String session,
        SessionState state,

        @OptionalField @JsonInclude(JsonInclude.Include.NON_NULL)
        String reason,

        Map<String, ServiceStatus> services,
        List<SessionEvent> events,

        @OptionalField @JsonInclude(JsonInclude.Include.NON_NULL)
        Map<String, List<CommandSpec>> commands) {
    /** A report without catalogues. */
    public SessionReport(
            String lss,
            String session,
            SessionState state,
            String reason,
            Map<String, ServiceStatus> services,
            List<SessionEvent> events) {
        this(lss, session, state, reason, services, events, null);
    }
}
