package org.opentwinj.platform.session;

import java.time.Instant;
import org.opentwinj.platform.json.OptionalField;

/**
 * One step of a session's life, as shown to the user ("starting echo", "echo ready",
 * "restarting echo (exit code 137) in 10 s", "failed: ..."). An LSS numbers its events from
 * 1; the GSS numbers them again in its own list, which also holds its own events.
 *
 * @param seq     position in the session's event list, from 1
 * @param time    when it happened
 * @param service the service it concerns, or null for the session as a whole
 * @param message what happened
 */
public record SessionEvent(
        long seq, Instant time, @OptionalField String service, String message) {}
