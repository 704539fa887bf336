package org.opentwinj.platform.transport.client;

import java.time.Duration;

/**
 * @param connectTimeout  time to open a TCP and TLS connection
 * @param requestTimeout  time for one attempt, from sending to the whole reply
 * @param maxAttempts     attempts for idempotent calls (1 = no retry); others are tried once
 * @param initialBackoff  wait before the second attempt; doubled for each further one
 */
public record ClientOptions(
        Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration initialBackoff) {
    public static final ClientOptions DEFAULT =
            new ClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(60), 3, Duration.ofMillis(200));

    public ClientOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public ClientOptions withRequestTimeout(Duration timeout) {
        return new ClientOptions(connectTimeout, timeout, maxAttempts, initialBackoff);
    }

    public ClientOptions withRetries(int attempts, Duration backoff) {
        return new ClientOptions(connectTimeout, requestTimeout, attempts, backoff);
    }
}
