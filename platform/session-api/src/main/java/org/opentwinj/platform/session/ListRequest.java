package org.opentwinj.platform.session;

import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Session.List}: the caller's active sessions.
 *
 * @param all also those that ended (for admins: every user's)
 */
public record ListRequest(@OptionalField Boolean all) {}
