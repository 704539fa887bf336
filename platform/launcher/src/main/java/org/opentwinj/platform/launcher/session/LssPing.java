package org.opentwinj.platform.launcher.session;

import java.net.URI;
import java.util.Map;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the LSS with {@code Ping} over mTLS whether it is there.
 *
 * @param client a client with short timeouts and no retries, so one probe never outlasts a check interval
 * @param lssUrl the LSS
 */
public record LssPing(ServiceClient client, URI lssUrl) implements LssWatchdog.LssProbe {
    private static final Logger LOG = LoggerFactory.getLogger(LssPing.class);

    @Override
    public boolean answers() {
        try {
            client.call(lssUrl, "Ping", Map.of());
            return true;
        } catch (PeerCallException e) {
            // Any answer, even a refusal, shows the LSS is there; only no answer is silence.
            return !e.isUnreachable();
        } catch (RuntimeException e) {
            LOG.debug("pinging the LSS at {} failed", lssUrl, e);
            return false;
        }
    }
}
