package org.opentwinj.platform.session;

import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Session.List}: the caller's active sessions (those they opened or joined).
 *
 * @param all   also those that ended (for admins: every user's)
 * @param scope {@value #OWN} (the default) as above; {@value #VISIBLE}: the active sessions of
 *     every project the caller may read, whoever opened them (what a projects list shows as
 *     "in use by carol")
 */
public record ListRequest(
        @OptionalField Boolean all, @OptionalField String scope) {
    /** The caller's own and joined sessions. */
    public static final String OWN = "own";
    /** The active sessions of the projects the caller may read. */
    public static final String VISIBLE = "visible";

    /** The caller's own sessions, also ended ones when {@code all}. */
    public ListRequest(Boolean all) {
        this(all, null);
    }
}
