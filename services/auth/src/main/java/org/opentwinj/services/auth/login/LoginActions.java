package org.opentwinj.services.auth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    public record TokenPair(
            String accessToken,
            String refreshToken,
            Instant expiresAt,
            Instant refreshExpiresAt,
            String user,
            List<String> roles) {
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
    private final LoginLocks locks;
    private final LoginRateLimiter addressLimiter;
    private final AuthConfig config;
    private final Clock clock;

    /**
     * @param verifier      the service's full verifier (revocations and disabled users included)
     * @param signatureOnly checks signature, type and expiry only; refresh needs to tell a
     *                      reused token apart from a revoked family
     */
    public LoginActions(
            UserStore users,
            PasswordHasher hasher,
            TokenIssuer issuer,
            TokenVerifierFromKeys verifier,
            TokenVerifierFromKeys signatureOnly,
            RevocationStore revocations,
            EnabledUsers enabledUsers,
            LoginLocks locks,
            AuthConfig config,
            Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.issuer = issuer;
        this.verifier = verifier;
        this.signatureOnly = signatureOnly;
        this.revocations = revocations;
        this.enabledUsers = enabledUsers;
        this.locks = locks;
        this.addressLimiter = new LoginRateLimiter(clock, LoginRateLimiter.MAX_FAILURES_PER_ADDRESS);
        this.config = config;
        this.clock = clock;
    }

    public void register(ActionRegistry registry) {
        registry.register(ActionSpec.anonymous(
                        "Login", LoginRequest.class, (request, call) -> login(request, call.remoteAddress())))
                .register(ActionSpec.anonymous(
                        "Token.Refresh", RefreshRequest.class, (request, call) -> refresh(request)))
                .register(ActionSpec.withToken("Logout", LogoutRequest.class, (request, call) -> logout(call)));
    }

    /**
     * Failures count per user name (guessing one user's password: {@link LoginLocks}, in the
     * database) and per client address (trying many users from one place: in memory), each with
     * its own limit. A name that belongs to no user is counted and locked like any other, and
     * its answers read the same, so they never tell whether the user exists.
     *
     * @param address the client's address, or null when the transport does not know it
     */
    private TokenPair login(LoginRequest request, String address) {
        String key = request.username();
        if (address != null) {
            addressLimiter.blockedUntil(address).ifPresent(until -> {
                throw PublicException.tooManyRequests(
                        "too many failed logins from your address: try again after " + whole(until),
                        Duration.between(clock.instant(), until));
            });
        }
        locks.lockedUntil(key).ifPresent(until -> {
            throw locked("too many failed logins: the account is locked until " + whole(until), until);
        });
        User user = users.find(request.username()).orElse(null);
        boolean valid = user == null
                ? hasher.verifyNothing(request.password())
                : hasher.verify(request.password(), user.passwordHash());
        if (!valid) {
            if (address != null) {
                addressLimiter.recordFailure(address);
            }
            LoginLocks.Failure failure = locks.recordFailure(key);
            if (failure.lockedUntil().isPresent()) {
                Instant until = failure.lockedUntil().get();
                throw locked(
                        WRONG_CREDENTIALS + "; after " + LoginLocks.MAX_FAILURES
                                + " failed logins the account is locked until " + whole(until),
                        until);
            }
            throw PublicException.unauthorized(wrongCredentials(failure.attemptsLeft()))
                    .withDetail("attemptsLeft", failure.attemptsLeft());
        }
        if (!user.enabled()) {
            throw PublicException.forbidden("user '" + user.name() + "' is disabled");
        }
        locks.clear(key);
        return issue(user, UUID.randomUUID().toString());
    }

    /** The wrong-credentials message, with a warning once few attempts are left. */
    static String wrongCredentials(int attemptsLeft) {
        if (attemptsLeft > LoginLocks.WARN_AT_ATTEMPTS_LEFT) {
            return WRONG_CREDENTIALS;
        }
        return WRONG_CREDENTIALS + "; " + attemptsLeft + (attemptsLeft == 1 ? " attempt" : " attempts")
                + " left before the account is locked for " + LoginLocks.LOCK.toMinutes() + " minutes";
    }

    /** 429 with the lock's end as {@code lockedUntil} (ISO-8601 UTC, whole seconds) and as Retry-After. */
    private PublicException locked(String message, Instant until) {
        return PublicException.tooManyRequests(message, Duration.between(clock.instant(), until))
                .withDetail("lockedUntil", whole(until))
                .withDetail("attemptsLeft", 0);
    }

    /** ISO-8601 UTC without fractions of a second, as people read it and clients parse it. */
    static String whole(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
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
            revocations.revokeFamily(
                    family, clock.instant().plus(config.refreshTokenLifetime()).plus(TokenVerifierFromKeys.CLOCK_SKEW));
        }
    }

    private TokenPair issue(User user, String family) {
        IssuedToken access =
                issuer.issue(user.name(), user.roles(), TokenIssuer.ACCESS, config.accessTokenLifetime(), family);
        IssuedToken refresh =
                issuer.issue(user.name(), user.roles(), TokenIssuer.REFRESH, config.refreshTokenLifetime(), family);
        return new TokenPair(
                access.token(), refresh.token(), access.expiresAt(), refresh.expiresAt(), user.name(), user.roles());
    }
}
