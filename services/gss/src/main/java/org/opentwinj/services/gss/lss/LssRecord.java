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
 * @param lastBeat     its last heartbeat recorded in the database (the GSS that received it also
 *                     keeps it in memory, see {@link HeartbeatsReceived})
 * @param silentSince  when the GSS found it silent and began to wait for it (its sessions are
 *                     kept for the grace period), or null while it answers
 */
public record LssRecord(
        String id,
        URI url,
        int capacity,
        List<String> sessionTypes,
        Instant registeredAt,
        Instant lastBeat,
        Instant silentSince) {
    public LssRecord {
        sessionTypes = List.copyOf(sessionTypes);
    }

    /** A registration just received: answering, not waited for. */
    public static LssRecord registered(String id, URI url, int capacity, List<String> sessionTypes, Instant now) {
        return new LssRecord(id, url, capacity, sessionTypes, now, now, null);
    }

    /** The same LSS with a later sign of life (a heartbeat received but not yet, or never, recorded). */
    public LssRecord withLastBeat(Instant beat) {
        return new LssRecord(id, url, capacity, sessionTypes, registeredAt, beat, silentSince);
    }
}
