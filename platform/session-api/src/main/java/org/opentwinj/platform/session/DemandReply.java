package org.opentwinj.platform.session;

import java.net.URI;

/**
 * The answer to {@code Session.Demand} and {@code Service.Demand}: the service runs (it was
 * started for the demand, or ran already) and serves here.
 *
 * @param service the service's name within the session
 * @param url     where it serves
 */
public record DemandReply(String service, URI url) {}
