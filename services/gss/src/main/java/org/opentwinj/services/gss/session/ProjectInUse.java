package org.opentwinj.services.gss.session;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.opentwinj.platform.error.PublicException;

/**
 * 409: the project is open in another session already. The reason names who opened it and
 * since when, readably; {@code session}, {@code openedBy} and {@code since} are fields of the
 * answer too, so that a client can offer to join that session (or its owner to close it).
 */
final class ProjectInUse extends PublicException {
    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    ProjectInUse(String session, String openedBy, Instant since, String caller) {
        super(409, reason(openedBy, since, caller));
        withDetail("session", session);
        withDetail("openedBy", openedBy);
        withDetail("since", since.toString());
    }

    private static String reason(String openedBy, Instant since, String caller) {
        String whose = openedBy.equals(caller) ? "your own session" : openedBy + "'s session";
        String what = openedBy.equals(caller)
                ? "resume it (its id is in the field 'session')"
                : "join it (Session.Join with the 'session' of this answer) or ask " + openedBy + " to close it";
        return "the project is already open in " + whose + " since " + READABLE.format(since) + ": " + what;
    }
}
