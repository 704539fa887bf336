package org.opentwinj.platform.spawner;

/**
 * A started service, as the spawner that started (or reattached) it knows it.
 *
 * @param session the session id
 * @param service the service name
 * @param state   what a later spawner needs to find it again; persist it
 */
public record SpawnHandle(String session, String service, SpawnState state) {}
