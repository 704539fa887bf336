package org.opentwinj.cli.client;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Times from the platform (ISO-8601 UTC) as the user reads them on their own clock: {@code 18:42}
 * today, {@code 2026-12-08 18:42} on another day. The zone is the JVM's (the {@code TZ} of the
 * shell), given explicitly so tests can choose it.
 */
final class LocalTimes {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private LocalTimes() {}

    static String clock(Instant at, ZoneId zone, Instant now) {
        ZonedDateTime local = at.atZone(zone);
        boolean today = local.toLocalDate().equals(now.atZone(zone).toLocalDate());
        return (today ? TIME : DAY_AND_TIME).format(local);
    }

    /** The lock's end in local time, or the text unchanged when it is not an ISO-8601 instant. */
    static String clock(String iso, ZoneId zone, Instant now) {
        try {
            return clock(Instant.parse(iso), zone, now);
        } catch (DateTimeException e) {
            return iso;
        }
    }

    /**
     * AUTH's refusal of a locked account, saying once when it opens again in local time
     * (AUTH's own reason names the time in UTC).
     */
    static String lockMessage(String reason, String lockedUntil, ZoneId zone, Instant now) {
        String wrong = reason.startsWith("wrong user name or password") ? "wrong user name or password; " : "";
        return wrong + "too many failed logins: the account is locked until " + clock(lockedUntil, zone, now);
    }
}
