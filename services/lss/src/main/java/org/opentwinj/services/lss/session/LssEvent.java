package org.opentwinj.services.lss.session;

import java.time.Instant;

/**
 * One progress event of a session, numbered from 1 on its LSS.
 *
 * @param seq     its number
 * @param time    when it happened
 * @param service the service it concerns, or null for the session
 * @param message what happened, for the user
 */
public record LssEvent(long seq, Instant time, String service, String message) {}
