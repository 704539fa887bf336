package org.opentwinj.services.lss.session;

import java.net.URI;
import org.opentwinj.platform.spawner.SpawnRequest;

/**
 * Decides what is launched for a session service: where it serves, with which certificate,
 * command and environment. The LSS's {@code LaunchPolicy} does it for every spawner; tests
 * plug in their own.
 *
 * @param <R> the kind of request the spawner it works with runs
 */
public interface LaunchPlanner<R extends SpawnRequest> {
    /**
     * Chooses where a service will serve; called once per service, before its first start.
     * The place stays the same across restarts, so routes to it stay valid.
     *
     * @throws org.opentwinj.platform.error.PublicException 503 when no port is free
     */
    Placement place(LiveSession session, ServiceSlot slot);

    /** What to run to (re)start the service; called before every start. */
    R plan(LiveSession session, ServiceInstance instance);

    /** Marks a place taken again, for a service found running after an LSS restart. */
    void reserve(Placement placement);

    /** Frees what {@link #place} and {@link #plan} took (port, certificate files); called once the service stopped for good. */
    void release(LiveSession session, ServiceInstance instance);

    /** The subject of the certificate the service presents when it confirms. */
    String certificateSubject(LiveSession session, ServiceSlot slot);

    /**
     * @param port the port the service binds
     * @param url  the URL it publishes
     */
    record Placement(int port, URI url) {}
}
