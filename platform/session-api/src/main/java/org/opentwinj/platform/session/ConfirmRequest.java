package org.opentwinj.platform.session;

import java.net.URI;
import java.util.List;
import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Service.Confirm}: a session service tells its LSS that it is up and serving.
 *
 * @param session  the session id it was started for
 * @param service  its name within the session
 * @param url      the URL it serves on
 * @param commands a compute service's commands (its catalogue), which the platform keeps so
 *                 that a session's catalogue is known before its on-demand services start
 */
public record ConfirmRequest(
        String session,
        String service,
        URI url,
        @OptionalField List<CommandSpec> commands) {
    /** A service without commands. */
    public ConfirmRequest(String session, String service, URI url) {
        this(session, service, url, null);
    }
}
