package org.opentwinj.services.auth.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.opentwinj.platform.error.PublicException;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}). The parameters travel with each hash, so
 * raising the cost later does not break existing passwords. Thread-safe.
 */
public final class PasswordHasher {
    /** The shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 8;
    /** Upper bound so that a huge password cannot be used to burn CPU. */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private static final Pattern ENCODED = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int PARALLELISM = 1;

    private final SecureRandom random = new SecureRandom();
    private final int memoryKib;
    private final int iterations;
    private final String dummyHash;

    public PasswordHasher(int memoryKib, int iterations) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.dummyHash = hash("not a real password");
    }

    /** Refuses passwords outside the policy with a 400 naming the field. */
    public static void checkPolicy(String field, String password) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new PublicException(
                    "field '" + field + "' must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw new PublicException("field '" + field + "' must have at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKib, iterations, PARALLELISM, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + PARALLELISM + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Whether the password matches; false for a malformed stored hash. Constant time in the hash comparison. */
    public boolean verify(String password, String encoded) {
        Matcher m = ENCODED.matcher(encoded == null ? "" : encoded);
        if (!m.matches() || password.length() > MAX_PASSWORD_LENGTH) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(m.group(4));
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = derive(
                password,
                salt,
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)),
                expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /**
     * Spends the same work as checking a real password and fails, so that an unknown user name
     * cannot be told apart from a wrong password by the response time.
     */
    public boolean verifyNothing(String password) {
        verify(password, dummyHash);
        return false;
    }

    private static byte[] derive(
            String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
