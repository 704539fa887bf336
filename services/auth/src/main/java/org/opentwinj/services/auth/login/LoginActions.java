package org.opentwinj.services.auth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.tokens.IssuedToken;
import org.opentwinj.platform.tokens.TokenClaims;
import org.opentwinj.platform.tokens.TokenIssuer;
import org.opentwinj.platform.tokens.TokenVerifierFromKeys;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.services.auth.AuthConfig;
import org.opentwinj.services.auth.Callers;
import org.opentwinj.services.auth.users.PasswordHasher;
import org.opentwinj.services.auth.users.User;
import org.opentwinj.services.auth.users.UserStore;

/**
 * {@code Login}, {@code Token.Refresh} and {@code Logout}. A login starts a token family; each
 * refresh revokes the presented refresh token and issues a new pair in the same family
 * (rotation), and presenting a used refresh token again revokes the whole family, since only a
 * stolen copy can explain it. Logout revokes the access token and the family.
 */
public final class LoginActions {
    static final String WRONG_CREDENTIALS = "wrong user name or password";

    /** {@code Login} (anonymous). */
    public record LoginRequest(String username, String password) {
        @Override
        public String toString() {
            return "LoginRequest[" + username + "]";
        }
    }

    /** {@code Token.Refresh} (anonymous). */
    public record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[]";
        }
    }

    /** {@code Logout} (token). */
    public record LogoutRequest() {}

    /** The reply to {@code Login} and {@code Token.Refresh}; expiresAt is the access token's. */
    public record TokenPair(String accessToken, String refreshToken, Instant expiresAt, Instant refreshExpiresAt,
            String user, List<String> roles) {
        @Override
        public String toString() {
            return "TokenPair[" + user + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** The reply to {@code Logout}. */
    public record LogoutReply(String user, boolean loggedOut) {}

    private final UserStore users;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final TokenVerifierFromKeys verifier;
    private final TokenVerifierFromKeys signatureOnly;
    private final RevocationStore revocations;
    private final EnabledUsers enabledUsers;
    private final LoginRateLimiter limiter;
    private final AuthConfig config;
    private final Clock clock;

    /**
     * @param verifier      the service's full verifier (revocations and disabled users included)
     * @param signatureOnly checks signature, type and expiry only; refresh needs to tell a
     *                      reused token apart from a revoked family
     */
    public LoginActions(UserStore users, PasswordHasher hasher, TokenIssuer issuer, TokenVerifierFromKeys verifier,
            TokenVerifierFromKeys signatureOnly, RevocationStore revocations, EnabledUsers enabledUsers, AuthConfig config, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.issuer = issuer;
        this.verifier = verifier;
        this.signatureOnly = signatureOnly;
        this.revocations = revocations;
        this.enabledUsers = enabledUsers;
        this.limiter = new LoginRateLimiter(clock);
        this.config = config;
        this.clock = clock;
    }

    public void register(ActionRegistry registry) {
        registry.register(ActionSpec.anonymous("Login", LoginRequest.class, (request, call) -> login(request)))
                .register(ActionSpec.anonymous("Token.Refresh", RefreshRequest.class, (request, call) -> refresh(request)))
                .register(ActionSpec.withToken("Logout", LogoutRequest.class, (request, call) -> logout(call)));
    }

    private TokenPair login(LoginRequest request) {
        // Only the user name is known here: the transport does not pass the client's address,
        // so failures are counted per user name.
        String key = request.username();
        limiter.blockedUntil(key).ifPresent(until -> {
            long seconds = Math.max(1, Duration.between(clock.instant(), until).toSeconds());
            throw new PublicException(429, "too many failed logins for this user: try again after " + until
                    + " (in " + seconds + " s)");
        });
        User user = users.find(request.username()).orElse(null);
        if (user == null) {
            hasher.verifyNothing(request.password());
            limiter.recordFailure(key);
            throw PublicException.unauthorized(WRONG_CREDENTIALS);
        }
        if (!hasher.verify(request.password(), user.passwordHash())) {
            limiter.recordFailure(key);
            throw PublicException.unauthorized(WRONG_CREDENTIALS);
        }
        if (!user.enabled()) {
            throw PublicException.forbidden("user '" + user.name() + "' is disabled");
        }
        limiter.reset(key);
        return issue(user, UUID.randomUUID().toString());
    }

    private TokenPair refresh(RefreshRequest request) {
        TokenClaims claims = signatureOnly.verify(request.refreshToken(), TokenIssuer.REFRESH);
        if (revocations.isFamilyRevoked(claims.family()) || !enabledUsers.isEnabled(claims.subject())) {
            throw PublicException.unauthorized("token revoked");
        }
        if (!revocations.revokeToken(claims.id(), claims.expiresAt().plus(TokenVerifierFromKeys.CLOCK_SKEW))) {
            revokeFamily(claims.family());
            throw PublicException.unauthorized("refresh token already used: log in again");
        }
        User user = users.find(claims.subject()).orElseThrow(() -> PublicException.unauthorized("token revoked"));
        return issue(user, claims.family());
    }

    private LogoutReply logout(CallContext call) {
        String user = Callers.user(call);
        TokenClaims claims = verifier.verify(call.caller().token(), TokenIssuer.ACCESS);
        revocations.revokeToken(claims.id(), claims.expiresAt().plus(TokenVerifierFromKeys.CLOCK_SKEW));
        revokeFamily(claims.family());
        return new LogoutReply(user, true);
    }

    private void revokeFamily(String family) {
        if (family != null) {
            // Every token of the family was issued before now, so none outlives this entry.
            revocations.revokeFamily(family, clock.instant().plus(config.refreshTokenLifetime()).plus(TokenVerifierFromKeys.CLOCK_SKEW));
        }
    }

    private TokenPair issue(User user, String family) {
        IssuedToken access = issuer.issue(user.name(), user.roles(), TokenIssuer.ACCESS, config.accessTokenLifetime(), family);
        IssuedToken refresh = issuer.issue(user.name(), user.roles(), TokenIssuer.REFRESH, config.refreshTokenLifetime(), family);
        return new TokenPair(access.token(), refresh.token(), access.expiresAt(), refresh.expiresAt(), user.name(), user.roles());
    }
}
