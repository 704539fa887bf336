package org.opentwinj.services.auth;

import com.mongodb.client.MongoDatabase;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.opentwinj.platform.names.NameRule;
import org.opentwinj.services.auth.users.PasswordHasher;
import org.opentwinj.services.auth.users.User;
import org.opentwinj.services.auth.users.UserStore;

/**
 * Creates the first admin of a fresh installation ({@code opentwin up} calls it), so that
 * there is never a default password: either the operator gives one or a random one is shown once.
 */
public final class FirstAdmin {
    static final int GENERATED_LENGTH = 20;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private FirstAdmin() {}

    /**
     * Creates {@code username} with the roles admin and user if the database has no user yet.
     *
     * @param password the password to set; when empty, a random one of 20 characters is generated
     * @return the new admin's password (the generated one, or the one given), or empty if users
     *     existed already and nothing was done
     * @throws org.opentwinj.platform.error.PublicException if the name or the given password breaks the rules
     */
    public static Optional<String> ensure(MongoDatabase database, String username, Optional<String> password) {
        UserStore users = new UserStore(database);
        if (!users.isEmpty()) {
            return Optional.empty();
        }
        String name = NameRule.USER.check(username);
        String secret = password.orElseGet(FirstAdmin::generate);
        PasswordHasher.checkPolicy("password", secret);
        AuthConfig defaults = AuthConfig.DEFAULTS;
        String hash = new PasswordHasher(defaults.argon2MemoryKib(), defaults.argon2Iterations()).hash(secret);
        users.insert(new User(name, hash, List.of(Callers.ADMIN, Callers.USER), true));
        return Optional.of(secret);
    }

    private static String generate() {
        StringBuilder out = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
