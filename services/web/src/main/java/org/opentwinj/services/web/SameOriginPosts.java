package org.opentwinj.services.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The gateway's guard against cross-site request forgery, next to the cookie's
 * {@code SameSite=Strict}: it accepts only JSON posts whose {@code Origin} is the page's own
 * origin (the scheme, host and port the browser used to reach this service). A form on another
 * site can send neither a JSON content type without a CORS preflight (which nothing here
 * answers) nor another site's {@code Origin}; browsers send {@code Origin} with every POST,
 * so a missing one is refused too.
 */
final class SameOriginPosts {
    private SameOriginPosts() {}

    /** Why the request is refused, or empty when it may pass. */
    static Optional<String> refusal(ServerRequest request) {
        String type = request.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Optional.of("the API accepts only requests with Content-Type application/json");
        }
        String origin = request.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null) {
            return Optional.of("the API accepts only requests from its own pages (no Origin header)");
        }
        if (!sameOrigin(origin, request)) {
            return Optional.of("the API accepts only requests from its own pages, not from " + origin);
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(String origin, ServerRequest request) {
        URI url;
        try {
            url = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            return false;
        }
        String host = request.requestedUri().host();
        int port = request.requestedUri().port();
        int originPort = url.getPort() == -1 ? 443 : url.getPort();
        return url.getHost().equalsIgnoreCase(host) && originPort == port;
    }
}
