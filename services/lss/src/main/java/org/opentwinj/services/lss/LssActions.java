package org.opentwinj.services.lss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.launcher.session.ConfirmRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.services.lss.session.LiveSession;
import org.opentwinj.services.lss.session.ServiceInstance;
import org.opentwinj.services.lss.session.SessionSupervisor;
import org.opentwinj.services.lss.session.SessionTypes;

/**
 * The LSS's actions, all over mTLS: {@code Session.Start} and {@code Session.Stop} from the
 * GSS, {@code Service.Confirm} from session services, {@code Lss.Status} for operators.
 */
final class LssActions {
    /** {@code Session.Start}. */
    record StartRequest(String session, String project, String user, String type) {}

    /** {@code Session.Stop}. */
    record StopRequest(String session) {}

    /** {@code Lss.Status} takes no fields. */
    record StatusRequest() {}

    private LssActions() {}

    static void register(ActionRegistry actions, SessionSupervisor supervisor, SessionTypes types, String lssId, int capacity) {
        actions.register(ActionSpec.internal("Session.Start", StartRequest.class, (request, call) -> {
                    LiveSession session = supervisor.start(request.session(), request.project(), request.user(), request.type(),
                            types.require(request.type()));
                    return Map.of("session", session.id(), "state", session.phase());
                }))
                .register(ActionSpec.internal("Session.Stop", StopRequest.class, (request, call) -> {
                    supervisor.stop(request.session(), "closed as its user asked");
                    return Map.of("session", request.session(), "state", supervisor.find(request.session())
                            .map(LiveSession::phase).map(Enum::name).orElse("CLOSED"));
                }).asIdempotent())
                .register(ActionSpec.internal(ConfirmRequest.ACTION, ConfirmRequest.class, (request, call) -> {
                    supervisor.confirm(request, call.caller().peer());
                    return Map.of("session", request.session(), "service", request.service());
                }).asIdempotent())
                .register(ActionSpec.internal("Lss.Status", StatusRequest.class, (request, call) -> {
                    List<Map<String, Object>> sessions = supervisor.sessions().stream().map(LssActions::describe).toList();
                    return Map.of("lss", lssId, "capacity", capacity, "sessionTypes", types.names(), "sessions", sessions);
                }).asIdempotent());
    }

    private static Map<String, Object> describe(LiveSession session) {
        Map<String, Object> services = new LinkedHashMap<>();
        for (ServiceInstance instance : session.instances()) {
            services.put(instance.name(), Map.of("service", instance.service(), "state", instance.state(),
                    "url", String.valueOf(instance.url()), "restarts", instance.restartsInARow()));
        }
        return Map.of("session", session.id(), "project", session.project(), "user", session.user(), "type", session.type(),
                "state", session.phase(), "services", services);
    }
}
