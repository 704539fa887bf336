package org.opentwinj.services.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.tokens.TokenIssuer;
import org.opentwinj.platform.tokens.TokenVerifierFromKeys;
import org.opentwinj.platform.transport.action.Reply;

class LoginTest {
    private final AuthHarness auth = new AuthHarness();

    @AfterEach
    void close() {
        auth.close();
    }

    @Test
    void loginReturnsATokenPairThatWorks() {
        JsonNode pair = auth.ok(null, "Login", "username", AuthHarness.ADMIN, "password", AuthHarness.ADMIN_PASSWORD);
        assertThat(pair.get("user").asText()).isEqualTo(AuthHarness.ADMIN);
        assertThat(pair.get("roles")).hasSize(2);
        assertThat(pair.get("refreshToken").asText()).isNotBlank();
        assertThat(pair.get("expiresAt").asText())
                .isEqualTo(auth.clock
                        .instant()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .plus(Duration.ofMinutes(15))
                        .toString());
        assertThat(auth.ok(pair.get("accessToken").asText(), "User.List")).hasSize(1);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Reply wrong = auth.call(null, "Login", "username", AuthHarness.ADMIN, "password", "not-the-password");
        Reply unknown = auth.call(null, "Login", "username", "nobody", "password", "whatever-password");
        assertThat(wrong.httpStatus()).isEqualTo(401);
        assertThat(unknown.httpStatus()).isEqualTo(401);
        assertThat(AuthHarness.reason(wrong))
                .isEqualTo("wrong user name or password")
                .isEqualTo(AuthHarness.reason(unknown));
    }

    @Test
    void tokenActionsNeedAToken() {
        Reply reply = auth.call(null, "Project.List");
        assertThat(reply.httpStatus()).isEqualTo(401);
    }

    @Test
    void disabledUserCannotLogInAndTheirTokensStopWorking() {
        String bob = auth.user("bob");
        auth.ok(auth.adminToken(), "User.Disable", "username", "bob");

        Reply refused = auth.call(bob, "Project.List");
        assertThat(refused.httpStatus()).isEqualTo(401);
        assertThat(AuthHarness.reason(refused)).isEqualTo("token revoked");
        Reply login = auth.call(null, "Login", "username", "bob", "password", "bob-password");
        assertThat(login.httpStatus()).isEqualTo(403);
        assertThat(AuthHarness.reason(login)).contains("disabled");

        auth.ok(auth.adminToken(), "User.Enable", "username", "bob");
        assertThat(auth.call(bob, "Project.List").isSuccess()).isTrue();
    }

    @Test
    void failedLoginsWarnBeforeTheLockAndTheFifthLocksTheAccountForFifteenMinutes() {
        auth.user("carol");
        List<String> reasons = new ArrayList<>();
        List<Integer> attemptsLeft = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Reply wrong = auth.call(null, "Login", "username", "carol", "password", "wrong-password");
            assertThat(wrong.httpStatus()).isEqualTo(401);
            reasons.add(AuthHarness.reason(wrong));
            attemptsLeft.add(wrong.body().path("attemptsLeft").asInt());
        }
        assertThat(attemptsLeft).containsExactly(4, 3, 2, 1);
        assertThat(reasons)
                .containsExactly(
                        "wrong user name or password",
                        "wrong user name or password; 3 attempts left before the account is locked for 15 minutes",
                        "wrong user name or password; 2 attempts left before the account is locked for 15 minutes",
                        "wrong user name or password; 1 attempt left before the account is locked for 15 minutes");

        auth.clock.advance(Duration.ofMillis(1234));
        String until = auth.clock
                .instant()
                .truncatedTo(ChronoUnit.SECONDS)
                .plus(Duration.ofMinutes(15))
                .toString();
        Reply fifth = auth.call(null, "Login", "username", "carol", "password", "wrong-password");
        assertThat(fifth.httpStatus()).isEqualTo(429);
        assertThat(AuthHarness.reason(fifth))
                .isEqualTo("wrong user name or password; after 5 failed logins the account is locked until " + until);
        assertThat(fifth.body().path("lockedUntil").asText()).isEqualTo(until).doesNotContain(".");

        // Now even the right password is refused, with the lock's end said once, as a field and as Retry-After.
        Reply locked = auth.call(null, "Login", "username", "carol", "password", "carol-password");
        assertThat(locked.httpStatus()).isEqualTo(429);
        assertThat(AuthHarness.reason(locked))
                .isEqualTo("too many failed logins: the account is locked until " + until);
        assertThat(locked.body().path("lockedUntil").asText()).isEqualTo(until);
        assertThat(locked.body().path("retryAfterSeconds").asLong()).isBetween(899L, 900L);
        // Other users are not affected.
        assertThat(auth.adminToken()).isNotBlank();

        auth.clock.advance(Duration.ofMinutes(15));
        assertThat(auth.login("carol", "carol-password")).isNotBlank();
        // A success starts the count afresh.
        assertThat(auth.call(null, "Login", "username", "carol", "password", "wrong-password")
                        .body()
                        .path("attemptsLeft")
                        .asInt())
                .isEqualTo(4);
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        auth.user("erin");
        for (int i = 0; i < 4; i++) {
            auth.call(null, "Login", "username", "erin", "password", "wrong-password");
        }
        auth.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        Reply wrong = auth.call(null, "Login", "username", "erin", "password", "wrong-password");
        assertThat(wrong.httpStatus()).isEqualTo(401);
        assertThat(wrong.body().path("attemptsLeft").asInt()).isEqualTo(4);
    }

    @Test
    void anUnknownNameIsWarnedAndLockedJustLikeAUser() {
        auth.user("frank");
        List<String> real = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Reply a = auth.call(null, "Login", "username", "frank", "password", "wrong-password");
            Reply b = auth.call(null, "Login", "username", "nobody", "password", "wrong-password");
            real.add(a.httpStatus() + " " + AuthHarness.reason(a) + " "
                    + a.body().path("attemptsLeft"));
            unknown.add(b.httpStatus() + " " + AuthHarness.reason(b) + " "
                    + b.body().path("attemptsLeft"));
        }
        assertThat(unknown).isEqualTo(real);
        assertThat(real.getLast()).startsWith("429 too many failed logins: the account is locked until ");
    }

    @Test
    void theLockHoldsAcrossTwoAuthInstancesOnOneDatabaseAndARestart() {
        auth.user("grace");
        AuthHarness.Instance other = auth.secondInstance();
        // The failures alternate between the two instances and count as one series.
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Reply wrong = i % 2 == 0
                    ? auth.call(null, "Login", "username", "grace", "password", "wrong-password")
                    : other.call(null, "Login", "username", "grace", "password", "wrong-password");
            assertThat(wrong.httpStatus()).isEqualTo(i < 4 ? 401 : 429);
            left.add(wrong.body().path("attemptsLeft").asInt());
        }
        assertThat(left).containsExactly(4, 3, 2, 1, 0);
        assertThat(other.call(null, "Login", "username", "grace", "password", "grace-password")
                        .httpStatus())
                .isEqualTo(429);
        Reply here = auth.call(null, "Login", "username", "grace", "password", "grace-password");
        assertThat(here.httpStatus()).isEqualTo(429);
        auth.restart();
        assertThat(auth.call(null, "Login", "username", "grace", "password", "grace-password")
                        .httpStatus())
                .isEqualTo(429);
        // The admin of the other instance sees the lock and lifts it; this one lets grace in at once.
        JsonNode listed = other.ok(other.adminToken(), "User.List");
        assertThat(lockOf(listed, "grace"))
                .isEqualTo(here.body().path("lockedUntil").asText());
        assertThat(lockOf(listed, AuthHarness.ADMIN)).isNull();
        other.ok(other.adminToken(), "User.Unlock", "username", "grace");
        assertThat(auth.login("grace", "grace-password")).isNotBlank();
    }

    @Test
    void anAdminUnlocksAndAPasswordResetLiftsTheLock() {
        String heidi = auth.user("heidi");
        lock("heidi");
        Reply byUser = auth.call(heidi, "User.Unlock", "username", "heidi");
        assertThat(byUser.httpStatus()).isEqualTo(403);
        assertThat(auth.call(auth.adminToken(), "User.Unlock", "username", "nobody")
                        .httpStatus())
                .isEqualTo(404);
        JsonNode unlocked = auth.ok(auth.adminToken(), "User.Unlock", "username", "heidi");
        assertThat(unlocked.path("lockedUntil").isNull()).isTrue();
        assertThat(lockOf(auth.ok(auth.adminToken(), "User.List"), "heidi")).isNull();
        assertThat(auth.login("heidi", "heidi-password")).isNotBlank();

        lock("heidi");
        assertThat(lockOf(auth.ok(auth.adminToken(), "User.List"), "heidi")).isNotNull();
        auth.ok(auth.adminToken(), "User.ChangePassword", "username", "heidi", "newPassword", "a-new-password");
        assertThat(lockOf(auth.ok(auth.adminToken(), "User.List"), "heidi")).isNull();
        assertThat(auth.login("heidi", "a-new-password")).isNotBlank();
    }

    private void lock(String user) {
        for (int i = 0; i < 5; i++) {
            auth.call(null, "Login", "username", user, "password", "wrong-password");
        }
        assertThat(auth.call(null, "Login", "username", user, "password", user + "-password")
                        .httpStatus())
                .isEqualTo(429);
    }

    private static String lockOf(JsonNode users, String name) {
        for (JsonNode user : users) {
            if (user.path("username").asText().equals(name)) {
                assertThat(user.has("lockedUntil"))
                        .as("User.List names every user's lock")
                        .isTrue();
                return user.path("lockedUntil").isNull()
                        ? null
                        : user.path("lockedUntil").asText();
            }
        }
        throw new AssertionError("no user " + name + " in " + users);
    }

    @Test
    void manyFailuresFromOneAddressBlockThatAddressOnly() {
        auth.user("dave");
        for (int i = 0; i < 20; i++) {
            // A different user name each time: the per-user limit never trips.
            assertThat(auth.callFrom("203.0.113.7", "Login", "username", "guess" + i, "password", "wrong-password")
                            .httpStatus())
                    .isEqualTo(401);
        }
        Reply blocked = auth.callFrom("203.0.113.7", "Login", "username", "dave", "password", "dave-password");
        assertThat(blocked.httpStatus()).isEqualTo(429);
        assertThat(AuthHarness.reason(blocked)).contains("too many failed logins from your address: try again after ");
        assertThat(blocked.body().path("retryAfterSeconds").asLong()).isEqualTo(900);
        assertThat(auth.callFrom("198.51.100.1", "Login", "username", "dave", "password", "dave-password")
                        .isSuccess())
                .isTrue();
    }

    @Test
    void refreshRotatesAndAReusedRefreshTokenEndsTheLogin() {
        JsonNode first = auth.ok(null, "Login", "username", AuthHarness.ADMIN, "password", AuthHarness.ADMIN_PASSWORD);
        String oldRefresh = first.get("refreshToken").asText();
        JsonNode second = auth.ok(null, "Token.Refresh", "refreshToken", oldRefresh);
        assertThat(second.get("refreshToken").asText()).isNotEqualTo(oldRefresh);
        assertThat(auth.ok(second.get("accessToken").asText(), "User.List")).isNotEmpty();

        Reply reused = auth.call(null, "Token.Refresh", "refreshToken", oldRefresh);
        assertThat(reused.httpStatus()).isEqualTo(401);
        assertThat(AuthHarness.reason(reused)).isEqualTo("refresh token already used: log in again");
        // The reuse revoked the family: the newer tokens are dead too.
        assertThat(AuthHarness.reason(auth.call(
                        null,
                        "Token.Refresh",
                        "refreshToken",
                        second.get("refreshToken").asText())))
                .isEqualTo("token revoked");
        assertThat(auth.call(second.get("accessToken").asText(), "User.List").httpStatus())
                .isEqualTo(401);
    }

    @Test
    void anAccessTokenIsNotARefreshToken() {
        Reply reply = auth.call(null, "Token.Refresh", "refreshToken", auth.adminToken());
        assertThat(reply.httpStatus()).isEqualTo(401);
        assertThat(AuthHarness.reason(reply)).isEqualTo("not a refresh token");
    }

    @Test
    void logoutRevocationSurvivesARestart() {
        JsonNode pair = auth.ok(null, "Login", "username", AuthHarness.ADMIN, "password", AuthHarness.ADMIN_PASSWORD);
        String other = auth.adminToken();
        String access = pair.get("accessToken").asText();
        assertThat(auth.ok(access, "Logout").get("loggedOut").asBoolean()).isTrue();

        auth.restart();

        assertThat(AuthHarness.reason(auth.call(access, "User.List"))).isEqualTo("token revoked");
        assertThat(AuthHarness.reason(auth.call(
                        null,
                        "Token.Refresh",
                        "refreshToken",
                        pair.get("refreshToken").asText())))
                .isEqualTo("token revoked");
        // The signing key survived too: another login's token still works.
        assertThat(auth.call(other, "User.List").isSuccess()).isTrue();
    }

    @Test
    void expiredAccessTokenIsRefused() {
        String token = auth.adminToken();
        auth.clock.advance(Duration.ofMinutes(16));
        Reply reply = auth.call(token, "User.List");
        assertThat(reply.httpStatus()).isEqualTo(401);
        assertThat(AuthHarness.reason(reply)).isEqualTo("token expired");
    }

    @Test
    void forgedTokenIsRefused() {
        String forged = new TokenIssuer(TokenIssuer.generateKey(), Clock.systemUTC())
                .issue(AuthHarness.ADMIN, List.of("admin"), TokenIssuer.ACCESS, Duration.ofMinutes(5), null)
                .token();
        Reply reply = auth.call(forged, "User.List");
        assertThat(reply.httpStatus()).isEqualTo(401);
        assertThat(AuthHarness.reason(reply)).isEqualTo("token signature invalid");
    }

    @Test
    void logoutsDisabledAndDeletedUsersAreRefusedElsewhereToo() {
        // Another service: AUTH's published keys and its revocations, as the launcher wires them.
        org.opentwinj.platform.launcher.RevocationFeed feed = new org.opentwinj.platform.launcher.RevocationFeed(
                () -> auth.callAsService("Auth.Revocations").body().path("result"));
        TokenVerifierFromKeys elsewhere = new TokenVerifierFromKeys(
                TokenVerifierFromKeys.parseKeys(auth.ok(null, "Auth.Keys")), feed, auth.clock);
        String admin = auth.adminToken();
        String loggedOut = auth.adminToken();
        String bob = auth.user("bob");
        feed.refresh();
        assertThat(elsewhere.verify(loggedOut).user()).isEqualTo(AuthHarness.ADMIN);

        auth.ok(loggedOut, "Logout");
        feed.refresh();
        assertThatThrownBy(() -> elsewhere.verify(loggedOut)).hasMessage("token revoked");
        assertThat(elsewhere.verify(admin).user())
                .as("another login of the same user")
                .isEqualTo(AuthHarness.ADMIN);

        auth.ok(admin, "User.Disable", "username", "bob");
        feed.refresh();
        assertThatThrownBy(() -> elsewhere.verify(bob)).hasMessage("token revoked");
        auth.ok(admin, "User.Enable", "username", "bob");
        feed.refresh();
        assertThat(elsewhere.verify(bob).user()).isEqualTo("bob");

        auth.ok(admin, "User.Delete", "username", "bob");
        feed.refresh();
        assertThatThrownBy(() -> elsewhere.verify(bob)).hasMessage("token revoked");
        auth.clock.advance(Duration.ofSeconds(2));
        String newBob = auth.user("bob");
        feed.refresh();
        assertThat(elsewhere.verify(newBob).user())
                .as("a new user of the same name")
                .isEqualTo("bob");
    }

    @Test
    void publishedKeysVerifyTokensElsewhere() {
        JsonNode keys = auth.ok(null, "Auth.Keys");
        assertThat(keys.toString()).doesNotContain("\"d\"");
        JWKSet set = TokenVerifierFromKeys.parseKeys(keys);
        assertThat(new TokenVerifierFromKeys(set).verify(auth.adminToken()).user())
                .isEqualTo(AuthHarness.ADMIN);
    }
}
