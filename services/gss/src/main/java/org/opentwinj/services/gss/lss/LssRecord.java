package org.opentwinj.services.gss.lss;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A registered LSS.
 *
 * @param id           its id (stable across its restarts)
 * @param url          where the GSS reaches it (mTLS)
 * @param capacity     how many sessions it runs at most
 * @param sessionTypes the session types it can start
 * @param registeredAt when it last registered
 * @param lastBeat     its last heartbeat
 */
public record LssRecord(
        String id, URI url, int capacity, List<String> sessionTypes, Instant registeredAt, Instant lastBeat) {
    public LssRecord {
        sessionTypes = List.copyOf(sessionTypes);
    }
}
