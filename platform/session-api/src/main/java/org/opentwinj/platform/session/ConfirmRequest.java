package org.opentwinj.platform.session;

import java.net.URI;

/**
 * {@code Service.Confirm}: a session service tells its LSS that it is up and serving.
 *
 * @param session the session id it was started for
 * @param service its name within the session
 * @param url     the URL it serves on
 */
public record ConfirmRequest(String session, String service, URI url) {}
