package org.opentwinj.services.lss;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.session.ServiceExitedRequest;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.lss.session.SessionServices;

/** {@code Run}, {@code Ping} and {@code Job.ServiceExited} to session services over mTLS. */
final class RemoteSessionServices implements SessionServices {
    private final ServiceClient runClient;
    private final ServiceClient pingClient;

    /**
     * @param runClient  the LSS's client
     * @param pingClient a client with a short timeout, so a hung service fails its ping quickly
     */
    RemoteSessionServices(ServiceClient runClient, ServiceClient pingClient) {
        this.runClient = runClient;
        this.pingClient = pingClient;
    }

    @Override
    public void run(URI service, RunRequest request) {
        runClient.callIdempotent(service, ActionNames.RUN, request);
    }

    @Override
    public boolean ping(URI service) {
        return health(service).answered();
    }

    @Override
    public Pong health(URI service) {
        try {
            return pong(pingClient.call(service, "Ping", Map.of()));
        } catch (PeerCallException e) {
            return Pong.NONE;
        }
    }

    /** A session service's launcher adds {@code idleMs} and {@code busy} to its {@code Ping}'s answer. */
    static Pong pong(JsonNode reply) {
        return new Pong(
                true,
                Duration.ofMillis(Math.max(0, reply.path("idleMs").asLong(0))),
                reply.path("busy").asBoolean(false));
    }

    @Override
    public void serviceExited(URI model, ServiceExitedRequest request) {
        runClient.call(model, ActionNames.JOB_SERVICE_EXITED, request);
    }
}
