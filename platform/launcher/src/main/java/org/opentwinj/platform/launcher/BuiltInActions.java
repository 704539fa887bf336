package org.opentwinj.platform.launcher;

import java.time.Instant;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.server.ServiceInfo;

/** Actions every service answers, as in the original: {@code Ping}. */
final class BuiltInActions {
    /** {@code Ping} takes no fields. */
    record PingRequest() {}

    /** The reply to {@code Ping}. */
    record Pong(String service, String site, Instant time) {}

    private BuiltInActions() {}

    static void register(ActionRegistry actions, ServiceInfo info) {
        actions.register(ActionSpec.anonymous(
                        "Ping",
                        PingRequest.class,
                        (request, context) -> new Pong(info.service(), info.site(), Instant.now()))
                .asIdempotent());
    }
}
