package org.opentwinj.platform.transport.action;

import org.opentwinj.platform.error.PublicException;

/**
 * Checks the bearer token of a thin-client request on the one-way TLS channel.
 * A service that has public actions needing a token installs one (AUTH provides the
 * implementation); without one, such actions answer 401.
 */
@FunctionalInterface
public interface TokenVerifier {
    /**
     * Called once per request before the handler runs, on the request's thread.
     *
     * @param token the token from the {@code Authorization: Bearer} header, never null or blank
     * @return the verified caller, never null
     * @throws PublicException with status 401 if the token is invalid, expired or revoked
     */
    Caller verify(String token);
}
