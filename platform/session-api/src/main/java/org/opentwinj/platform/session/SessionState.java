package org.opentwinj.platform.session;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a session is in its life: the one list of states the GSS records, the LSS reports,
 * the relay routes by and the clients show. An LSS uses the states from {@link #STARTING}
 * to {@link #FAILED}; {@link #QUEUED} and {@link #LOST} are the GSS's alone.
 *
 * <pre>
 * QUEUED -> STARTING -> RUNNING <-> RECOVERING
 *              |           |            |
 *              +-----------+------------+--> CLOSING -> CLOSED | FAILED
 * any active state --(its LSS silent past the GSS's grace period)--> LOST
 * </pre>
 *
 * <p>While the GSS waits for a silent LSS (up to its grace period), a RUNNING session is
 * RECOVERING; the LSS's report after it registers again sets the state it knows.
 */
public enum SessionState {
    /** Accepted by the GSS, no LSS has taken it yet. */
    QUEUED,
    /** An LSS is starting its services. */
    STARTING,
    /** Every service started at open confirmed and got {@code Run} (on-demand ones start when first used). */
    RUNNING,
    /**
     * A service is being restarted after it stopped unexpectedly, or the session's LSS stopped
     * answering and the GSS waits for it to come back; the services still serve as far as known.
     */
    RECOVERING,
    /** Closing (asked by the user) or failing: its services are stopping. */
    CLOSING,
    /** Closed: every service told to stop (they may still be exiting). */
    CLOSED,
    /** Could not start or keep running; the reason says why. */
    FAILED,
    /** Its LSS stopped answering and did not come back within the GSS's grace period; its services stop by themselves. */
    LOST;

    private static final Set<SessionState> ACTIVE = EnumSet.of(QUEUED, STARTING, RUNNING, RECOVERING, CLOSING);
    private static final Set<SessionState> SERVING = EnumSet.of(RUNNING, RECOVERING);
    private static final Set<SessionState> ENDED = EnumSet.of(CLOSED, FAILED, LOST);

    /**
     * Whether the session is not over yet: it holds its project (the GSS refuses a second
     * session on it with 409) and counts against its LSS's capacity. A client that finds an
     * active session of its project must use it (or wait for it), never open another.
     */
    public boolean isActive() {
        return ACTIVE.contains(this);
    }

    /**
     * Whether clients may talk to its services: the relay routes to them. Also while one of
     * them is being restarted ({@link #RECOVERING}): the others still answer.
     */
    public boolean isServing() {
        return SERVING.contains(this);
    }

    /** Whether it is over: nothing of it runs any more, and it never changes again. Exactly the states that are not active. */
    public boolean isEnded() {
        return ENDED.contains(this);
    }

    /** The active states, in declaration order. */
    public static List<SessionState> active() {
        return List.copyOf(ACTIVE);
    }

    /** The serving states, in declaration order. */
    public static List<SessionState> serving() {
        return List.copyOf(SERVING);
    }

    /** The ended states, in declaration order. */
    public static List<SessionState> ended() {
        return List.copyOf(ENDED);
    }
}
