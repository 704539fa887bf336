package org.opentwinj.platform.tokens;

import java.time.Instant;
import java.util.Set;

/**
 * What a verified token says.
 *
 * @param subject   the user name
 * @param roles     the user's roles when the token was issued
 * @param id        the token's unique id ({@code jti}), the key for revoking it
 * @param family    the login the token belongs to: every token issued by one login and its
 *                  refreshes shares it, so logging out can revoke them all; may be null
 * @param type      {@link TokenIssuer#ACCESS} or {@link TokenIssuer#REFRESH}
 * @param issuedAt  when it was issued
 * @param expiresAt when it stops being valid
 */
public record TokenClaims(
        String subject, Set<String> roles, String id, String family, String type, Instant issuedAt, Instant expiresAt) {
    public TokenClaims {
        roles = Set.copyOf(roles);
    }
}
