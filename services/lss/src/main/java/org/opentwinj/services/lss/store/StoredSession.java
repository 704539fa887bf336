package org.opentwinj.services.lss.store;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.opentwinj.platform.spawner.SpawnState;

/**
 * What an LSS keeps of a session so that, restarted, it can find the session's services again.
 *
 * @param id        the session id
 * @param lss       the LSS that runs it
 * @param project   the project
 * @param user      who opened it
 * @param type      its session type
 * @param phase     its phase when last saved
 * @param createdAt when it started
 * @param lastSeq   its newest event number
 * @param services  its services
 */
public record StoredSession(
        String id,
        String lss,
        String project,
        String user,
        String type,
        String phase,
        Instant createdAt,
        long lastSeq,
        List<StoredService> services) {
    public StoredSession {
        services = List.copyOf(services);
    }

    /**
     * @param name         its name in the session
     * @param service      the service it runs
     * @param port         its port
     * @param url          its URL
     * @param spawn        the spawner's state, or null when it was not running
     * @param restarts     restarts in a row so far
     * @param lastStart    when it last started, or null
     */
    public record StoredService(
            String name, String service, int port, URI url, SpawnState spawn, int restarts, Instant lastStart) {}
}
