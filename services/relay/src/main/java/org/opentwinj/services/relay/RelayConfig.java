package org.opentwinj.services.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * The relay's configuration, built once from its settings.
 *
 * @param pingInterval     how often each client gets a websocket ping; a client from which nothing
 *                         was heard for two intervals is closed with 1001
 * @param maxInFlight      forwarded requests per connection in flight at once; beyond that the relay
 *                         stops reading the connection (back-pressure, not a queue)
 * @param clientQueue      messages waiting to be written to one client
 * @param routeCacheTtl    how long a session's routes from the GSS are reused; zero looks them up every time
 * @param maxMessageBytes  largest message a client may send (the service's {@code --max-body-bytes})
 * @param pushWait         how long a {@code Relay.Push} waits for room in a full client queue before it answers 503
 */
public record RelayConfig(
        Duration pingInterval,
        int maxInFlight,
        int clientQueue,
        Duration routeCacheTtl,
        long maxMessageBytes,
        Duration pushWait) {
    /** The documented wait of a push for a client that is not keeping up. */
    public static final Duration PUSH_WAIT = Duration.ofSeconds(2);

    /** The defaults of the settings, with the transport's default body limit. */
    public static final RelayConfig DEFAULTS =
            new RelayConfig(Duration.ofSeconds(20), 16, 256, Duration.ofSeconds(5), 16L * 1024 * 1024, PUSH_WAIT);

    public RelayConfig {
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(routeCacheTtl, "routeCacheTtl");
        Objects.requireNonNull(pushWait, "pushWait");
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("the ping interval must be positive");
        }
        if (maxInFlight < 1 || clientQueue < 1) {
            throw new IllegalArgumentException("maxInFlight and clientQueue must be at least 1");
        }
        if (routeCacheTtl.isNegative() || pushWait.isNegative()) {
            throw new IllegalArgumentException("routeCacheTtl and pushWait must not be negative");
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive");
        }
    }

    public RelayConfig withPingInterval(Duration interval) {
        return new RelayConfig(interval, maxInFlight, clientQueue, routeCacheTtl, maxMessageBytes, pushWait);
    }

    public RelayConfig withMaxInFlight(int requests) {
        return new RelayConfig(pingInterval, requests, clientQueue, routeCacheTtl, maxMessageBytes, pushWait);
    }

    public RelayConfig withClientQueue(int messages) {
        return new RelayConfig(pingInterval, maxInFlight, messages, routeCacheTtl, maxMessageBytes, pushWait);
    }

    public RelayConfig withRouteCacheTtl(Duration ttl) {
        return new RelayConfig(pingInterval, maxInFlight, clientQueue, ttl, maxMessageBytes, pushWait);
    }

    public RelayConfig withMaxMessageBytes(long bytes) {
        return new RelayConfig(pingInterval, maxInFlight, clientQueue, routeCacheTtl, bytes, pushWait);
    }

    public RelayConfig withPushWait(Duration wait) {
        return new RelayConfig(pingInterval, maxInFlight, clientQueue, routeCacheTtl, maxMessageBytes, wait);
    }
}
