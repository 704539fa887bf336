package org.opentwinj.services.model.access;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;

/**
 * Decides what a caller may do with the project: a user by their access from AUTH
 * ({@code Project.Access}, cached for a few seconds), admins as owners, and the session's own
 * services (certificate CN {@code <service>.<session>}, no user) as writers.
 */
public final class ProjectAccess {
    static final Duration CACHE = Duration.ofSeconds(5);

    /** Looks up a user's access label for a project. */
    @FunctionalInterface
    public interface Lookup {
        /** @return owner, write, read or none */
        String access(String project, String user);
    }

    private record Cached(Rights rights, Instant until) {}

    private final Lookup lookup;
    private final String sessionId;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** @param sessionId the session whose services are trusted, or null when there is none */
    public ProjectAccess(Lookup lookup, String sessionId, Clock clock) {
        this.lookup = lookup;
        this.sessionId = sessionId;
        this.clock = clock;
    }

    /** AUTH's {@code Project.Access} over mTLS. */
    public static Lookup fromAuth(ServiceClient client, URI authUrl) {
        return (project, user) -> {
            try {
                return client.callIdempotent(authUrl, "Project.Access", Map.of("project", project, "user", user))
                        .path("access")
                        .asText("none");
            } catch (PeerCallException e) {
                if (e.httpStatus() == 404) {
                    return "none";
                }
                // AUTH that answered was reached: its reason (e.g. "database unavailable: ...") is the cause.
                String problem = e.isUnreachable()
                        ? "AUTH cannot be reached to check your rights: "
                        : "AUTH could not check your rights: ";
                throw PublicException.unavailable(
                        problem + e.reason(), e.retryAfter().orElse(Duration.ofSeconds(5)));
            }
        };
    }

    /**
     * @return who the caller is, for the history
     * @throws PublicException 403 when the caller lacks the rights
     */
    public String require(CallContext call, String project, Rights needed) {
        String user = call.caller().user();
        if (user == null) {
            String peer = call.caller().peer();
            if (sessionId != null && peer != null && peer.contains("." + sessionId)) {
                if (needed == Rights.OWNER) {
                    throw PublicException.forbidden("only the project's owner may do this, not a service");
                }
                return "service " + peer.replaceAll(".*CN=([^,]+).*", "$1");
            }
            throw PublicException.forbidden("only users and the session's own services may use this model");
        }
        if (call.caller().roles().contains("admin")) {
            return user;
        }
        return requireUser(project, user, needed);
    }

    /**
     * The rights of a user named by the platform rather than by a token: the user of a job
     * whose service saves its results ({@code Model.Save} with {@code job}). Roles are not known
     * then, so the user's access to the project is what counts (an admin needs it too).
     *
     * @return the user, for the history
     * @throws PublicException 403 when the user lacks the rights
     */
    public String requireUser(String project, String user, Rights needed) {
        Rights rights = rightsOf(project, user);
        if (!rights.allows(needed)) {
            throw PublicException.forbidden(
                    rights == Rights.NONE
                            ? "you have no access to this project"
                            : "you have " + rights.name().toLowerCase(Locale.ROOT)
                                    + " access to this project; this needs "
                                    + needed.name().toLowerCase(Locale.ROOT) + " access"
                                    + (needed == Rights.OWNER
                                            ? ": only its owner or an admin may do this"
                                            : ": ask its owner to share it with you for writing"));
        }
        return user;
    }

    private Rights rightsOf(String project, String user) {
        Instant now = clock.instant();
        Cached cached = cache.get(user);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.rights();
        }
        Rights rights = Rights.of(lookup.access(project, user));
        cache.put(user, new Cached(rights, now.plus(CACHE)));
        return rights;
    }
}
