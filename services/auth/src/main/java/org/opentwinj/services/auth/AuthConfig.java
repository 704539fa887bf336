package org.opentwinj.services.auth;

import java.time.Duration;

/**
 * The authorization service's configuration, built once from its settings.
 *
 * @param accessTokenLifetime  how long an access token is valid (short: it is checked offline by other services)
 * @param refreshTokenLifetime how long a refresh token is valid, i.e. how long a login lasts without activity
 * @param argon2MemoryKib      Argon2id memory cost of new password hashes, in KiB
 * @param argon2Iterations     Argon2id time cost of new password hashes
 */
public record AuthConfig(
        Duration accessTokenLifetime, Duration refreshTokenLifetime, int argon2MemoryKib, int argon2Iterations) {
    /** OWASP's Argon2id recommendation (19 MiB, 2 iterations, 1 lane) and the documented token lifetimes. */
    public static final AuthConfig DEFAULTS = new AuthConfig(Duration.ofMinutes(15), Duration.ofHours(12), 19_456, 2);

    public AuthConfig {
        if (accessTokenLifetime.isNegative()
                || accessTokenLifetime.isZero()
                || refreshTokenLifetime.isNegative()
                || refreshTokenLifetime.isZero()) {
            throw new IllegalArgumentException("token lifetimes must be positive");
        }
        if (argon2MemoryKib < 8 || argon2Iterations < 1) {
            throw new IllegalArgumentException("argon2 needs at least 8 KiB and 1 iteration");
        }
    }
}
