package org.opentwinj.services.gss.session;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Where a session is in its life, as the GSS records it. */
public enum SessionState {
    /** Accepted by the GSS, no LSS has taken it yet. */
    QUEUED,
    /** An LSS is starting its services. */
    STARTING,
    /** Every service confirmed and got {@code Run}. */
    RUNNING,
    /** A service is being restarted after it stopped unexpectedly. */
    RECOVERING,
    /** The user asked to close it; its services are stopping. */
    CLOSING,
    /** Closed by the user: every service stopped. */
    CLOSED,
    /** Could not start or keep running; the reason says why. */
    FAILED,
    /** Its LSS stopped answering: its services are gone or unsupervised. */
    LOST;

    private static final Set<SessionState> ACTIVE = EnumSet.of(QUEUED, STARTING, RUNNING, RECOVERING, CLOSING);

    /** Whether the session holds its project and counts against its LSS's capacity. */
    public boolean isActive() {
        return ACTIVE.contains(this);
    }

    /** Whether clients may talk to its services. */
    public boolean isServing() {
        return this == RUNNING || this == RECOVERING;
    }

    /** The states that still count, as names, for queries. */
    public static List<String> activeNames() {
        return ACTIVE.stream().map(Enum::name).toList();
    }
}
