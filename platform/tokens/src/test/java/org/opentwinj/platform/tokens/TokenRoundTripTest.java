package org.opentwinj.platform.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.transport.action.Caller;

class TokenRoundTripTest {
    private final ECKey key = TokenIssuer.generateKey();
    private final TokenIssuer issuer = new TokenIssuer(key, Clock.systemUTC());
    private final JWKSet published = new JWKSet(issuer.publicKey());

    @Test
    void issuedAccessTokenVerifies() {
        IssuedToken token =
                issuer.issue("ada", List.of("user", "admin"), TokenIssuer.ACCESS, Duration.ofMinutes(15), "f1");
        Caller caller = new TokenVerifierFromKeys(published).verify(token.token());
        assertThat(caller.user()).isEqualTo("ada");
        assertThat(caller.roles()).isEqualTo(Set.of("user", "admin"));
        assertThat(caller.token()).isEqualTo(token.token());
        TokenClaims claims = new TokenVerifierFromKeys(published).verify(token.token(), TokenIssuer.ACCESS);
        assertThat(claims.id()).isEqualTo(token.id());
        assertThat(claims.family()).isEqualTo("f1");
        assertThat(claims.expiresAt()).isEqualTo(token.expiresAt());
        assertThat(key.getKeyID()).isNotBlank();
    }

    @Test
    void expiredTokenIsRefused() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        IssuedToken token = new TokenIssuer(key, past)
                .issue("ada", List.of("user"), TokenIssuer.ACCESS, Duration.ofMinutes(15), null);
        assertRefused(token.token(), new TokenVerifierFromKeys(published), "token expired");
    }

    @Test
    void tokenWithinClockSkewIsAccepted() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofSeconds(70)), ZoneOffset.UTC);
        IssuedToken token =
                new TokenIssuer(key, past).issue("ada", List.of(), TokenIssuer.ACCESS, Duration.ofMinutes(1), null);
        assertThat(new TokenVerifierFromKeys(published).verify(token.token()).user())
                .isEqualTo("ada");
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() {
        ECKey other = TokenIssuer.generateKey();
        IssuedToken forged = new TokenIssuer(other, Clock.systemUTC())
                .issue("ada", List.of("admin"), TokenIssuer.ACCESS, Duration.ofMinutes(5), null);
        assertRefused(forged.token(), new TokenVerifierFromKeys(published), "token signature invalid");
        // Same key id as the real key, but still the wrong key.
        ECKey impostor = new ECKey.Builder(other).keyID(key.getKeyID()).build();
        IssuedToken sameKid = new TokenIssuer(impostor, Clock.systemUTC())
                .issue("ada", List.of("admin"), TokenIssuer.ACCESS, Duration.ofMinutes(5), null);
        assertRefused(sameKid.token(), new TokenVerifierFromKeys(published), "token signature invalid");
    }

    @Test
    void tamperedPayloadIsRefused() {
        IssuedToken token = issuer.issue("bob", List.of("user"), TokenIssuer.ACCESS, Duration.ofMinutes(5), null);
        String[] parts = token.token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"user\"", "\"admin\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        assertRefused(tampered, new TokenVerifierFromKeys(published), "token signature invalid");
    }

    @Test
    void refreshTokenIsNotAnAccessToken() {
        IssuedToken refresh = issuer.issue("ada", List.of("user"), TokenIssuer.REFRESH, Duration.ofHours(1), "f");
        assertRefused(refresh.token(), new TokenVerifierFromKeys(published), "not an access token");
        assertThat(new TokenVerifierFromKeys(published)
                        .verify(refresh.token(), TokenIssuer.REFRESH)
                        .type())
                .isEqualTo(TokenIssuer.REFRESH);
    }

    @Test
    void revokedTokenIsRefused() {
        IssuedToken token = issuer.issue("ada", List.of("user"), TokenIssuer.ACCESS, Duration.ofMinutes(5), null);
        assertRefused(token.token(), new TokenVerifierFromKeys(published, token.id()::equals), "token revoked");
        assertThat(new TokenVerifierFromKeys(published, "other"::equals)
                        .verify(token.token())
                        .user())
                .isEqualTo("ada");
    }

    @Test
    void garbageIsNotAToken() {
        assertRefused("hello", new TokenVerifierFromKeys(published), "not a token");
        assertRefused("a.b.c", new TokenVerifierFromKeys(published), "not a token");
    }

    @Test
    void publishedKeySetRoundTripsThroughJson() {
        JWKSet parsed = TokenVerifierFromKeys.parseKeys(published.toJSONObject(true));
        assertThat(parsed.getKeys()).hasSize(1);
        assertThat(parsed.getKeys().getFirst().isPrivate()).isFalse();
        IssuedToken token = issuer.issue("ada", List.of("user"), TokenIssuer.ACCESS, Duration.ofMinutes(5), null);
        assertThat(new TokenVerifierFromKeys(parsed).verify(token.token()).user())
                .isEqualTo("ada");
    }

    @Test
    void aTokenThatVerifiedBeforeIsStillRefusedOnceItExpires() {
        Instant[] now = {Instant.now()};
        Clock movable = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        TokenVerifierFromKeys verifier = new TokenVerifierFromKeys(published, claims -> false, movable);
        IssuedToken token = issuer.issue("ada", List.of("user"), TokenIssuer.ACCESS, Duration.ofMinutes(5), null);
        assertThat(verifier.verify(token.token()).user()).isEqualTo("ada");
        assertThat(verifier.verify(token.token()).user()).isEqualTo("ada");
        now[0] = now[0].plus(Duration.ofMinutes(6));
        assertRefused(token.token(), verifier, "token expired");
    }

    @Test
    void aTokenThatVerifiedBeforeIsRefusedOnceRevoked() {
        java.util.Set<String> revoked = new java.util.concurrent.CopyOnWriteArraySet<>();
        TokenVerifierFromKeys verifier = new TokenVerifierFromKeys(published, revoked::contains);
        IssuedToken token = issuer.issue("ada", List.of("user"), TokenIssuer.ACCESS, Duration.ofMinutes(5), null);
        assertThat(verifier.verify(token.token()).user()).isEqualTo("ada");
        revoked.add(token.id());
        assertRefused(token.token(), verifier, "token revoked");
    }

    @Test
    void aVerifiedTokenVouchesForNoOtherBytes() {
        TokenVerifierFromKeys verifier = new TokenVerifierFromKeys(published);
        IssuedToken token = issuer.issue("bob", List.of("user"), TokenIssuer.ACCESS, Duration.ofMinutes(5), null);
        assertThat(verifier.verify(token.token()).user()).isEqualTo("bob");
        String[] parts = token.token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"bob\"", "\"eve\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        assertRefused(tampered, verifier, "token signature invalid");
        assertThat(verifier.verify(token.token()).user()).isEqualTo("bob");
        assertRefused(null, verifier, "not a token");
    }

    private static void assertRefused(String token, TokenVerifierFromKeys verifier, String reason) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(PublicException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo(reason);
        });
    }
}
