package org.opentwinj.services.lss.session;

import java.net.URI;
import org.opentwinj.platform.session.RunRequest;

/** The LSS's calls to the services of its sessions (mTLS); faked in tests. */
public interface SessionServices {
    /**
     * Sends {@code Run}.
     *
     * @throws org.opentwinj.platform.transport.client.PeerCallException when the service refuses or cannot be reached
     */
    void run(URI service, RunRequest request);

    /** Sends {@code Ping}; true when it answered in time. Never throws. */
    boolean ping(URI service);
}
