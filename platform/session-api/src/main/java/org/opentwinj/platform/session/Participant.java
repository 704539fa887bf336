package org.opentwinj.platform.session;

import java.time.Instant;

/**
 * A user who joined a session someone else opened ({@code Session.Join}); the opener is the
 * session's {@code user}, not a participant.
 *
 * @param user  who joined
 * @param since when they joined
 */
public record Participant(String user, Instant since) {}
