package org.opentwinj.services.lss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.ConfirmReply;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.session.DemandRequest;
import org.opentwinj.platform.session.ServiceState;
import org.opentwinj.platform.session.SessionRequest;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.session.SessionStateReply;
import org.opentwinj.platform.session.StartRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.services.lss.session.LiveSession;
import org.opentwinj.services.lss.session.SessionSupervisor;
import org.opentwinj.services.lss.session.SessionTypes;

/**
 * The LSS's actions, all over mTLS: {@code Session.Start} and {@code Session.Stop} from the
 * GSS, {@code Service.Confirm} from session services, {@code Service.Demand} from the GSS (for
 * the relay) and from session services, {@code Lss.Status} for operators.
 */
final class LssActions {
    /** {@code Lss.Status} takes no fields. */
    record StatusRequest() {}

    /** The answer of {@code Lss.Status}: this LSS and its sessions. */
    record Status(String lss, int capacity, List<String> sessionTypes, List<SessionStatus> sessions) {}

    /** One session in {@code Lss.Status}. */
    record SessionStatus(
            String session,
            String project,
            String user,
            String type,
            SessionState state,
            Map<String, ServiceStatus> services) {}

    /** One service in {@code Lss.Status}. */
    record ServiceStatus(String service, ServiceState state, String url, int restarts) {}

    private LssActions() {}

    static void register(
            ActionRegistry actions, SessionSupervisor supervisor, SessionTypes types, String lssId, int capacity) {
        actions.register(ActionSpec.internal(ActionNames.SESSION_START, StartRequest.class, (request, call) -> {
                    LiveSession session = supervisor.start(
                            request.session(),
                            request.project(),
                            request.user(),
                            request.type(),
                            types.require(request.type()));
                    return new SessionStateReply(session.id(), session.phase());
                }))
                .register(ActionSpec.internal(ActionNames.SESSION_STOP, SessionRequest.class, (request, call) -> {
                            supervisor.stop(request.session(), "closed as its user asked");
                            return new SessionStateReply(
                                    request.session(),
                                    supervisor
                                            .find(request.session())
                                            .map(LiveSession::phase)
                                            .orElse(SessionState.CLOSED));
                        })
                        .asIdempotent())
                .register(ActionSpec.internal(ActionNames.SERVICE_CONFIRM, ConfirmRequest.class, (request, call) -> {
                            return new ConfirmReply(
                                    request.session(),
                                    request.service(),
                                    supervisor
                                            .confirmAndRun(
                                                    request, call.caller().peer())
                                            .orElse(null));
                        })
                        .asIdempotent())
                .register(ActionSpec.internal(
                        ActionNames.SERVICE_DEMAND,
                        DemandRequest.class,
                        (request, call) -> supervisor.demand(request.session(), request.service())))
                .register(ActionSpec.internal(
                                "Lss.Status",
                                StatusRequest.class,
                                (request, call) -> new Status(
                                        lssId,
                                        capacity,
                                        types.names(),
                                        supervisor.sessions().stream()
                                                .map(LssActions::describe)
                                                .toList()))
                        .asIdempotent());
    }

    private static SessionStatus describe(LiveSession session) {
        LiveSession.Snapshot now = session.snapshot(Long.MAX_VALUE);
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        for (LiveSession.ServiceSnapshot service : now.services()) {
            services.put(
                    service.name(),
                    new ServiceStatus(
                            service.service(),
                            service.state(),
                            String.valueOf(service.url()),
                            service.restartsInARow()));
        }
        return new SessionStatus(now.id(), now.project(), now.user(), now.type(), now.state(), services);
    }
}
