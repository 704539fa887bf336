package org.opentwinj.platform.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.action.TokenVerifier;

/**
 * Verifies tokens signed by a {@link TokenIssuer} against a set of public keys (the set AUTH
 * publishes through {@code Auth.Keys}): signature, expiry with a small allowance for clock
 * skew, type, and an optional revocation check. Every failure is a 401 whose reason says
 * what is wrong; the token itself never appears in a message or a log line. Thread-safe.
 *
 * <p>Tokens whose signature checked out are remembered (at most {@value #REMEMBERED_TOKENS},
 * each for {@link #REMEMBER_FOR}): checking an ES256 signature costs a few hundred microseconds,
 * and the relay forwards a user's token with every message, so without this every service would
 * check the same signature again for each message. The remembered entry is keyed by the whole
 * token, signature included, so only the exact bytes that verified are ever taken on trust;
 * type, expiry and revocation are still checked on every call.
 */
public final class TokenVerifierFromKeys implements TokenVerifier {
    /** Tolerated difference between the issuer's and this machine's clocks. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** How many verified tokens are remembered. */
    static final int REMEMBERED_TOKENS = 10_000;
    /** How long a verified token is remembered; expiry is checked on every call regardless. */
    static final Duration REMEMBER_FOR = Duration.ofMinutes(10);

    /**
     * Decides whether a token with a valid signature must nevertheless be refused. Called on
     * the request's thread for every verified token, so it should answer quickly.
     */
    @FunctionalInterface
    public interface RevocationCheck {
        /** @return true to refuse the token with "token revoked" */
        boolean isRevoked(TokenClaims claims);
    }

    private final JWKSet keys;
    private final RevocationCheck revocation;
    private final Clock clock;
    private final Cache<String, TokenClaims> verified = Caffeine.newBuilder()
            .maximumSize(REMEMBERED_TOKENS)
            .expireAfterWrite(REMEMBER_FOR)
            .build();

    /** A verifier without revocation, e.g. for services that trust a token until it expires. */
    public TokenVerifierFromKeys(JWKSet keys) {
        this(keys, claims -> false, Clock.systemUTC());
    }

    /** @param isRevoked answers whether the token with this {@code jti} was revoked */
    public TokenVerifierFromKeys(JWKSet keys, Predicate<String> isRevoked) {
        this(keys, claims -> isRevoked.test(claims.id()), Clock.systemUTC());
    }

    public TokenVerifierFromKeys(JWKSet keys, RevocationCheck revocation, Clock clock) {
        this.keys = keys.toPublicJWKSet();
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reads a key set as published by {@code Auth.Keys} (a JWK set JSON object).
     *
     * @throws IllegalArgumentException if it is not a JWK set
     */
    public static JWKSet parseKeys(Map<String, Object> jwkSet) {
        try {
            return JWKSet.parse(jwkSet);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK set: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the {@code result} of {@code Auth.Keys} as returned by
     * {@code ServiceClient.callIdempotent(authUrl, "Auth.Keys", Map.of())}.
     *
     * @throws IllegalArgumentException if it is not a JWK set
     */
    public static JWKSet parseKeys(JsonNode authKeysResult) {
        if (authKeysResult == null || !authKeysResult.isObject()) {
            throw new IllegalArgumentException("not a JWK set: expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = Json.mapper().convertValue(authKeysResult, Map.class);
        return parseKeys(json);
    }

    @Override
    public Caller verify(String token) {
        TokenClaims claims = verify(token, TokenIssuer.ACCESS);
        return Caller.user(claims.subject(), claims.roles(), token);
    }

    /**
     * Checks a token of the given type and returns its claims.
     *
     * @param type {@link TokenIssuer#ACCESS} or {@link TokenIssuer#REFRESH}
     * @throws PublicException 401 with the reason
     */
    public TokenClaims verify(String token, String type) {
        if (token == null) {
            throw PublicException.unauthorized("not a token");
        }
        String compact = token.strip();
        TokenClaims claims = verified.getIfPresent(compact);
        if (claims == null) {
            claims = verifySignature(compact);
            verified.put(compact, claims);
        }
        if (!type.equals(claims.type())) {
            throw PublicException.unauthorized(
                    TokenIssuer.ACCESS.equals(type) ? "not an access token" : "not a refresh token");
        }
        if (clock.instant().isAfter(claims.expiresAt().plus(CLOCK_SKEW))) {
            throw PublicException.unauthorized("token expired");
        }
        if (revocation.isRevoked(claims)) {
            throw PublicException.unauthorized("token revoked");
        }
        return claims;
    }

    /** Parses the token and checks its signature; the expensive part. */
    private TokenClaims verifySignature(String compact) {
        SignedJWT jwt = parse(compact);
        checkSignature(jwt);
        return claims(jwt);
    }

    private static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | IllegalArgumentException e) {
            throw PublicException.unauthorized("not a token");
        }
    }

    private void checkSignature(SignedJWT jwt) {
        // Only ES256 is ever issued; refusing everything else rules out algorithm confusion.
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            throw PublicException.unauthorized("token signature invalid");
        }
        JWK key = jwt.getHeader().getKeyID() == null
                ? null
                : keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        if (!(key instanceof ECKey ecKey)) {
            throw PublicException.unauthorized("token signature invalid");
        }
        boolean valid;
        try {
            valid = jwt.verify(new ECDSAVerifier(ecKey));
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw PublicException.unauthorized("token signature invalid");
        }
    }

    private static TokenClaims claims(SignedJWT jwt) {
        try {
            JWTClaimsSet set = jwt.getJWTClaimsSet();
            List<String> roles = set.getStringListClaim(TokenIssuer.ROLES);
            if (set.getSubject() == null
                    || set.getJWTID() == null
                    || set.getExpirationTime() == null
                    || set.getIssueTime() == null) {
                throw PublicException.unauthorized("not a token");
            }
            return new TokenClaims(
                    set.getSubject(),
                    roles == null ? Set.of() : Set.copyOf(roles),
                    set.getJWTID(),
                    set.getStringClaim(TokenIssuer.FAMILY),
                    set.getStringClaim(TokenIssuer.TYPE),
                    set.getIssueTime().toInstant(),
                    set.getExpirationTime().toInstant());
        } catch (ParseException e) {
            throw PublicException.unauthorized("not a token");
        }
    }
}
