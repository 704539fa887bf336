package org.opentwinj.platform.session;

/**
 * {@code Session.Demand} (relay to GSS, mTLS) and {@code Service.Demand} (GSS or a session's
 * own service to the session's LSS, mTLS): the session needs one of its services now. An
 * on-demand service that does not run is started; the answer comes once it confirmed.
 *
 * @param session the session id
 * @param service the service's name within the session
 */
public record DemandRequest(String session, String service) {}
