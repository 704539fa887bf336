package org.opentwinj.platform.launcher;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.opentwinj.platform.json.OptionalField;
import org.opentwinj.platform.launcher.session.SessionMembership;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.server.ServiceInfo;

/** Actions every service answers, as in the original: {@code Ping}. */
final class BuiltInActions {
    /** {@code Ping} takes no fields. */
    record PingRequest() {}

    /**
     * The reply to {@code Ping}.
     *
     * @param idleMs a session service: milliseconds since its last request (the LSS's Ping and Run not counted)
     * @param busy   a session service: whether it works (a job runs), so that it is never stopped as idle
     */
    record Pong(
            String service,
            String site,
            Instant time,

            @OptionalField @JsonInclude(JsonInclude.Include.NON_NULL)
            Long idleMs,

            @OptionalField @JsonInclude(JsonInclude.Include.NON_NULL)
            Boolean busy) {}

    private BuiltInActions() {}

    /** @param session the service's session membership, or null for a platform service */
    static void register(ActionRegistry actions, ServiceInfo info, SessionMembership session) {
        actions.register(ActionSpec.anonymous(
                        "Ping",
                        PingRequest.class,
                        (request, context) -> session == null
                                ? new Pong(info.service(), info.site(), Instant.now(), null, null)
                                : new Pong(
                                        info.service(),
                                        info.site(),
                                        Instant.now(),
                                        session.idleFor().toMillis(),
                                        session.busy()))
                .asIdempotent());
    }
}
