package org.opentwinj.platform.session;

/**
 * The LSS's answer to {@code Service.Confirm}.
 *
 * @param session the session id
 * @param service the confirmed service
 */
public record ConfirmReply(String session, String service) {}
