package org.opentwinj.services.lss;

import java.net.URI;
import java.util.Map;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.lss.session.SessionServices;

/** {@code Run} and {@code Ping} to session services over mTLS. */
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
        try {
            pingClient.call(service, "Ping", Map.of());
            return true;
        } catch (PeerCallException e) {
            return false;
        }
    }
}
