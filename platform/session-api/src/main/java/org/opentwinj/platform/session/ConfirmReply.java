package org.opentwinj.platform.session;

import org.opentwinj.platform.json.OptionalField;

/**
 * The LSS's answer to {@code Service.Confirm}.
 *
 * @param session the session id
 * @param service the confirmed service
 * @param run     {@code Run}, when the session's other services are known already (a
 *                restarted or on-demand service, or the last of a session's services to
 *                confirm): the service runs on it at once, without a separate call
 */
public record ConfirmReply(
        String session, String service, @OptionalField RunRequest run) {
    public ConfirmReply(String session, String service) {
        this(session, service, null);
    }
}
