package org.opentwinj.platform.session;

import java.net.URI;
import java.util.List;
import org.opentwinj.platform.json.OptionalField;

/**
 * The GSS's answer to {@code Lss.Register}.
 *
 * @param heartbeatIntervalMs how often to send {@code Lss.Heartbeat}
 * @param relayUrl            the relay session services push to, or null when there is none
 * @param drop                sessions to stop now (the GSS ended them while the LSS was away)
 * @param lssGraceMs          how long the GSS waits for a silent LSS before its sessions are lost; the
 *                            LSS's session services stop by themselves after as long without it (absent
 *                            from an older GSS: then {@link #DEFAULT_LSS_GRACE_MS})
 */
public record RegisterReply(
        long heartbeatIntervalMs,
        @OptionalField URI relayUrl,
        List<String> drop,
        @OptionalField Long lssGraceMs) {
    /** The GSS's default grace period for a silent LSS. */
    public static final long DEFAULT_LSS_GRACE_MS = 60_000;

    /** The grace period, or the default when the GSS did not say. */
    public long lssGraceOrDefaultMs() {
        return lssGraceMs == null ? DEFAULT_LSS_GRACE_MS : lssGraceMs;
    }
}
