package org.opentwinj.services.auth;

import com.mongodb.client.MongoDatabase;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Clock;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.storage.ProjectData;
import org.opentwinj.platform.tokens.TokenIssuer;
import org.opentwinj.platform.tokens.TokenVerifierFromKeys;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.services.auth.groups.GroupActions;
import org.opentwinj.services.auth.groups.GroupStore;
import org.opentwinj.services.auth.keys.KeysActions;
import org.opentwinj.services.auth.keys.SigningKeyStore;
import org.opentwinj.services.auth.login.EnabledUsers;
import org.opentwinj.services.auth.login.LoginActions;
import org.opentwinj.services.auth.login.LoginLocks;
import org.opentwinj.services.auth.login.RevocationActions;
import org.opentwinj.services.auth.login.RevocationStore;
import org.opentwinj.services.auth.projects.ProjectActions;
import org.opentwinj.services.auth.projects.ProjectStore;
import org.opentwinj.services.auth.users.PasswordHasher;
import org.opentwinj.services.auth.users.UserActions;
import org.opentwinj.services.auth.users.UserStore;

/**
 * Wires the authorization service's features onto an action registry and a database, without
 * the launcher, so tests can run the whole service in-process.
 */
public final class Authorization {
    private final TokenVerifierFromKeys verifier;
    private final JWKSet publicKeys;

    private Authorization(TokenVerifierFromKeys verifier, JWKSet publicKeys) {
        this.verifier = verifier;
        this.publicKeys = publicKeys;
    }

    /**
     * Loads (or creates) the signing key, registers every action and installs the token
     * verifier on the registry.
     *
     * @param clock the time source for tokens, revocations and rate limiting
     */
    public static Authorization install(
            ActionRegistry registry, MongoDatabase database, AuthConfig config, Clock clock) {
        ECKey signingKey = SigningKeyStore.loadOrCreate(database);
        TokenIssuer issuer = new TokenIssuer(signingKey, clock);
        JWKSet publicKeys = new JWKSet(issuer.publicKey());

        UserStore users = new UserStore(database);
        GroupStore groups = new GroupStore(database);
        ProjectStore projects = new ProjectStore(database);
        RevocationStore revocations = new RevocationStore(database, clock);
        revocations.purgeExpired();
        EnabledUsers enabledUsers = new EnabledUsers(users, clock);
        LoginLocks locks = new LoginLocks(database, clock);
        locks.purgeExpired();
        PasswordHasher hasher = new PasswordHasher(config.argon2MemoryKib(), config.argon2Iterations());

        TokenVerifierFromKeys verifier = new TokenVerifierFromKeys(
                publicKeys,
                claims -> !enabledUsers.isEnabled(claims.subject())
                        || revocations.isRevoked(claims.id(), claims.family()),
                clock);
        TokenVerifierFromKeys signatureOnly = new TokenVerifierFromKeys(publicKeys, claims -> false, clock);

        KeysActions.register(registry, publicKeys);
        new UserActions(
                        users,
                        hasher,
                        locks,
                        new UserActions.Hooks(
                                enabledUsers::forget,
                                user -> {
                                    long owned = projects.countOwnedBy(user);
                                    if (owned > 0) {
                                        throw PublicException.conflict("user '" + user + "' owns " + owned
                                                + " project(s): transfer or delete them first");
                                    }
                                },
                                user -> {
                                    groups.removeEverywhere(user);
                                    revocations.revokeUser(user, clock.instant().plus(config.refreshTokenLifetime()));
                                }))
                .register(registry);
        RevocationActions.register(registry, revocations, users);
        new GroupActions(groups, users, projects::unshareEverywhere).register(registry);
        new ProjectActions(projects, groups, users, project -> ProjectData.hasData(database, project))
                .register(registry);
        new LoginActions(
                        users, hasher, issuer, verifier, signatureOnly, revocations, enabledUsers, locks, config, clock)
                .register(registry);
        registry.tokenVerifier(verifier);
        return new Authorization(verifier, publicKeys);
    }

    /** The verifier installed on the registry. */
    public TokenVerifierFromKeys verifier() {
        return verifier;
    }

    /** The public keys published by {@code Auth.Keys}. */
    public JWKSet publicKeys() {
        return publicKeys;
    }
}
