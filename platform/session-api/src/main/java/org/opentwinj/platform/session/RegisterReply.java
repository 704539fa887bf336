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
 */
public record RegisterReply(
        long heartbeatIntervalMs, @OptionalField URI relayUrl, List<String> drop) {}
