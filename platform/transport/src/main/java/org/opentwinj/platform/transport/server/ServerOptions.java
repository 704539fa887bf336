package org.opentwinj.platform.transport.server;

import java.time.Duration;

/**
 * How a service listens.
 *
 * @param bindHost      the address to bind, e.g. {@code 0.0.0.0}
 * @param port          the port, 0 for any free one (tests)
 * @param maxBodyBytes  requests with a larger body are refused with 413
 * @param shutdownGrace how long a graceful stop waits for in-flight and queued requests
 * @param queueCapacity how many requests {@code /queue} holds before it answers 503
 */
public record ServerOptions(String bindHost, int port, long maxBodyBytes, Duration shutdownGrace, int queueCapacity) {
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    public ServerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive");
        }
    }

    public static ServerOptions onPort(int port) {
        return new ServerOptions("0.0.0.0", port, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(10), 10_000);
    }

    public ServerOptions withMaxBodyBytes(long bytes) {
        return new ServerOptions(bindHost, port, bytes, shutdownGrace, queueCapacity);
    }

    public ServerOptions withBindHost(String host) {
        return new ServerOptions(host, port, maxBodyBytes, shutdownGrace, queueCapacity);
    }

    public ServerOptions withShutdownGrace(Duration grace) {
        return new ServerOptions(bindHost, port, maxBodyBytes, grace, queueCapacity);
    }
}
