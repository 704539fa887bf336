package org.opentwinj.services.lss.session;

/** A session's state on its LSS; the names are those the GSS records. */
public enum SessionPhase {
    STARTING, RUNNING, RECOVERING, CLOSING, CLOSED, FAILED;

    /** Whether the session is over: nothing of it runs any more. */
    public boolean isOver() {
        return this == CLOSED || this == FAILED;
    }
}
