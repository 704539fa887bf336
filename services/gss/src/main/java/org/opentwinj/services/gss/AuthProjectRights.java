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
            // AUTH that answered 503 was reached; its reason (e.g. "database unavailable: ...")
            // is the real cause and its Retry-After the right wait.
            String problem = e.isUnreachable()
                    ? "AUTH cannot be reached to check your rights: "
                    : "AUTH could not check your rights: ";
            throw PublicException.unavailable(
                    problem + e.reason(), e.retryAfter().orElse(Duration.ofSeconds(5)));
        }
    }
}
