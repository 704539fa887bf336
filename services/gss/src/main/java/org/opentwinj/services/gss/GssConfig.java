package org.opentwinj.services.gss;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The global session service's configuration, read once at start.
 *
 * @param authUrl           AUTH as services reach it (mTLS): project rights
 * @param publicAuthUrl     AUTH as thin clients reach it (told to clients by {@code Service.Info})
 * @param relayUrl          the relay as services reach it (mTLS), told to LSSs for their sessions, if any
 * @param publicRelayUrl    the relay as thin clients reach it, if any
 * @param heartbeatInterval how often each LSS must send a heartbeat
 * @param heartbeatMisses   how many intervals without one drop an LSS and lose its sessions
 * @param eventLimit        how many progress events each session keeps
 * @param maxEventWait      the longest a client may wait for new events in one call
 */
public record GssConfig(
        URI authUrl,
        URI publicAuthUrl,
        URI relayUrl,
        URI publicRelayUrl,
        Duration heartbeatInterval,
        int heartbeatMisses,
        int eventLimit,
        Duration maxEventWait) {
    public GssConfig {
        Objects.requireNonNull(authUrl, "authUrl");
        Objects.requireNonNull(publicAuthUrl, "publicAuthUrl");
        if (heartbeatMisses < 1 || eventLimit < 1) {
            throw new IllegalArgumentException("heartbeatMisses and eventLimit must be positive");
        }
    }

    /** How long an LSS may stay silent before it is dropped. */
    public Duration heartbeatTimeout() {
        return heartbeatInterval.multipliedBy(heartbeatMisses);
    }
}
