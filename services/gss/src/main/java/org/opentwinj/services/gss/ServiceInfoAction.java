package org.opentwinj.services.gss;

import java.net.URI;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.server.ServiceInfo;

/**
 * {@code Service.Info} (anyone, before login): where a thin client finds AUTH and the relay,
 * as the original's UI front end asked the GSS first.
 */
final class ServiceInfoAction {
    /** {@code Service.Info} takes no fields. */
    record InfoRequest() {}

    /**
     * @param service  "gss"
     * @param version  the platform version
     * @param site     the site id
     * @param gssUrl   this GSS
     * @param authUrl  AUTH, for logging in
     * @param relayUrl the relay, for talking to session services (absent when none is configured)
     */
    record Info(String service, String version, String site, URI gssUrl, URI authUrl, URI relayUrl) {}

    private ServiceInfoAction() {}

    static void register(ActionRegistry actions, ServiceInfo info, GssConfig config) {
        actions.register(ActionSpec.anonymous(
                        "Service.Info",
                        InfoRequest.class,
                        (request, call) -> new Info(
                                info.service(),
                                info.version(),
                                info.site(),
                                info.url(),
                                config.publicAuthUrl(),
                                config.publicRelayUrl()))
                .asIdempotent());
    }
}
