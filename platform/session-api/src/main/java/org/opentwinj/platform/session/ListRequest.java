package org.opentwinj.platform.session;

/**
 * {@code Session.List}: the caller's active sessions.
 *
 * @param all also those that ended (for admins: every user's)
 */
public record ListRequest(@OptionalField Boolean all) {}
