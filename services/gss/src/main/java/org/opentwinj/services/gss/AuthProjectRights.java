package org.opentwinj.services.gss;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.gss.session.ProjectRights;

/** Asks AUTH ({@code Project.Access}, mTLS) what a user may do with a project. */
final class AuthProjectRights implements ProjectRights {
    private final ServiceClient client;
    private final URI authUrl;

    AuthProjectRights(ServiceClient client, URI authUrl) {
        this.client = client;
        this.authUrl = authUrl;
    }

    @Override
    public String access(String project, String user) {
        try {
            return client.callIdempotent(authUrl, "Project.Access", Map.of("project", project, "user", user))
                    .path("access")
                    .asText("none");
        } catch (PeerCallException e) {
            if (e.httpStatus() == 404) {
                throw PublicException.notFound(e.reason());
            }
            if (e.httpStatus() >= 400 && e.httpStatus() < 500) {
                throw new PublicException(e.httpStatus(), e.reason());
            }
            throw PublicException.unavailable(
                    "AUTH cannot be reached to check your rights: " + e.reason(), Duration.ofSeconds(5));
        }
    }
}
