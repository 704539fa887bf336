package org.opentwinj.services.model.peers;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.launcher.session.SessionMembership;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;

/**
 * The session's services as {@code Run} lists them; an on-demand service not running is
 * started through the LSS with {@code Service.Demand {session, service}} (mTLS), which answers
 * {@code {service, url}} once it serves. A new {@code Run} replaces what was demanded.
 */
public final class RunServices implements SessionServices {
    private final SessionMembership session;
    private final URI lssUrl;
    private final ServiceClient client;
    private final Map<String, URI> demanded = new ConcurrentHashMap<>();

    /**
     * @param session the Model's session membership (its {@code Run})
     * @param lssUrl  the LSS that started this service
     * @param client  an mTLS client with the Model's certificate
     */
    public RunServices(SessionMembership session, URI lssUrl, ServiceClient client) {
        this.session = session;
        this.lssUrl = lssUrl;
        this.client = client;
        session.onRun(run -> demanded.clear());
    }

    @Override
    public Optional<URI> running(String service) {
        Optional<URI> listed = session.run().map(RunRequest::services).map(services -> services.get(service));
        return listed.isPresent() ? listed : Optional.ofNullable(demanded.get(service));
    }

    @Override
    public URI demand(String service) {
        try {
            String url = client.call(
                            lssUrl,
                            ActionNames.SERVICE_DEMAND,
                            Map.of("session", session.sessionId(), "service", service))
                    .path("url")
                    .asText(null);
            if (url == null) {
                throw new IllegalStateException("the LSS at " + lssUrl + " answered Service.Demand without url");
            }
            URI uri = URI.create(url);
            demanded.put(service, uri);
            return uri;
        } catch (PeerCallException e) {
            if (e.isUnreachable()) {
                throw PublicException.unavailable(
                        "service " + service + " is not running and the LSS cannot be reached to start it: "
                                + e.reason(),
                        Duration.ofSeconds(5));
            }
            int status = e.httpStatus() >= 400 && e.httpStatus() < 600 ? e.httpStatus() : 502;
            throw new PublicException(status, "service " + service + " could not be started: " + e.reason());
        }
    }
}
