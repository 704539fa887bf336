package org.opentwinj.platform.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs user tokens: ES256 JWTs with the claims {@code sub}, {@code roles}, {@code jti},
 * {@code iat}, {@code exp}, {@code typ} and {@code fam} (the login family). The header's
 * {@code kid} is the key's JWK thumbprint, so verifiers can pick the key from a published set.
 * Thread-safe.
 */
public final class TokenIssuer {
    /** {@code typ} of a short-lived token presented on every request. */
    public static final String ACCESS = "access";
    /** {@code typ} of a longer-lived token only good for obtaining a new pair. */
    public static final String REFRESH = "refresh";

    static final String ROLES = "roles";
    static final String TYPE = "typ";
    static final String FAMILY = "fam";

    private final ECKey key;
    private final ECDSASigner signer;
    private final Clock clock;

    /**
     * @param key   a private EC P-256 key with a key id
     * @param clock the time source for {@code iat} and {@code exp}
     */
    public TokenIssuer(ECKey key, Clock clock) {
        if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve()) || key.getKeyID() == null) {
            throw new IllegalArgumentException("the signing key must be a private P-256 key with a key id");
        }
        this.key = key;
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable signing key: " + e.getMessage(), e);
        }
    }

    /** A new P-256 signing key whose key id is its SHA-256 JWK thumbprint. */
    public static ECKey generateKey() {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
            return new ECKey.Builder(key).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC key", e);
        }
    }

    /** The public half of the signing key, for publishing. */
    public ECKey publicKey() {
        return key.toPublicJWK();
    }

    /**
     * Signs a token.
     *
     * @param user     the subject
     * @param roles    the user's roles
     * @param type     {@link #ACCESS} or {@link #REFRESH}
     * @param lifetime how long it stays valid
     * @param family   the login family shared by a login's tokens, or null
     */
    public IssuedToken issue(String user, Collection<String> roles, String type, Duration lifetime, String family) {
        if (!ACCESS.equals(type) && !REFRESH.equals(type)) {
            throw new IllegalArgumentException("token type must be access or refresh: " + type);
        }
        // JWT times have whole seconds; truncating keeps the reported expiry equal to the claim.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiry = now.plus(lifetime);
        String id = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(Objects.requireNonNull(user, "user"))
                .claim(ROLES, List.copyOf(roles))
                .jwtID(id)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiry))
                .claim(TYPE, type)
                .claim(FAMILY, family)
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return new IssuedToken(jwt.serialize(), id, expiry);
    }
}
