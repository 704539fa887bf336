package org.opentwinj.platform.transport.server;

import java.util.Objects;

/**
 * A raw {@code GET} endpoint whose answer is a byte stream rather than a JSON reply: the data
 * path that carries large results to clients as they are (no base64, no JSON arrays), with a
 * Content-Length, in parts (Range) and without holding the whole payload in memory. Served on
 * the service's HTTPS port beside the actions, registered before every other route (their paths
 * are specific; a service's own HTTP routes may catch every GET).
 *
 * <p>The transport decides who is calling before the handler runs, as for actions:
 *
 * <ul>
 *   <li>{@link Access#MUTUAL_TLS}: a verified client certificate is required (else 401); a
 *       bearer token sent along is verified with the service's token verifier and the caller is
 *       "user X via service Y", exactly as for an action sent on a user's behalf;
 *   <li>{@link Access#TOKEN}: a valid bearer token is required (else 401), from any TLS client.
 * </ul>
 *
 * @param path    a Helidon path pattern, e.g. {@code /data/{session}/{entity}}
 * @param access  who may call
 * @param handler writes the answer
 */
public record StreamRoute(String path, Access access, StreamHandler handler) {
    /** Who may call a stream route. */
    public enum Access {
        /** Services with a certificate of the platform's CA, optionally on a user's behalf. */
        MUTUAL_TLS,
        /** Thin clients with a valid token. */
        TOKEN
    }

    public StreamRoute {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(handler, "handler");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a stream route's path starts with /: " + path);
        }
    }
}
