package org.opentwinj.platform.tokens;

import java.time.Instant;

/**
 * A token just signed, with the facts the issuer needs without parsing it again.
 *
 * @param token     the compact JWT; a secret, never logged
 * @param id        its {@code jti}
 * @param expiresAt its expiry
 */
public record IssuedToken(String token, String id, Instant expiresAt) {
    @Override
    public String toString() {
        return "IssuedToken[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
}
