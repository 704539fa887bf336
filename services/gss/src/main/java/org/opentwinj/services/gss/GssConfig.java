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
 * @param heartbeatMisses   how many intervals without one make an LSS silent: its sessions wait for it
 * @param lssGrace          how long a silent LSS is waited for (from its last heartbeat; at least the
 *                          heartbeat timeout) before it is dropped and its sessions are lost; its session
 *                          services stop by themselves after as long without it
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
        Duration lssGrace,
        int eventLimit,
        Duration maxEventWait) {
    public GssConfig {
        Objects.requireNonNull(authUrl, "authUrl");
        Objects.requireNonNull(publicAuthUrl, "publicAuthUrl");
        if (heartbeatMisses < 1 || eventLimit < 1) {
            throw new IllegalArgumentException("heartbeatMisses and eventLimit must be positive");
        }
        if (lssGrace.compareTo(heartbeatInterval.multipliedBy(heartbeatMisses)) < 0) {
            throw new IllegalArgumentException("the LSS grace period must be at least the heartbeat timeout");
        }
    }

    /** How long an LSS may stay silent before it is waited for (and counts as not live for new sessions). */
    public Duration heartbeatTimeout() {
        return heartbeatInterval.multipliedBy(heartbeatMisses);
    }
}
