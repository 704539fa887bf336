package org.opentwinj.services.lss.gss;

import java.net.URI;
import java.util.List;

/**
 * How this LSS presents itself to the GSS.
 *
 * @param id           stable across restarts, so the GSS knows it again
 * @param url          where the GSS reaches it
 * @param capacity     the most sessions it runs
 * @param sessionTypes the session types it can start
 */
public record LssIdentity(String id, URI url, int capacity, List<String> sessionTypes) {
    public LssIdentity {
        sessionTypes = List.copyOf(sessionTypes);
    }
}
