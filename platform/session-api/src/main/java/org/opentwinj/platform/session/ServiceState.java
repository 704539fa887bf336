package org.opentwinj.platform.session;

/** A session service's state, as its LSS supervises it and reports it. */
public enum ServiceState {
    /** Launched, not yet confirmed. */
    STARTING,
    /** Confirmed; health pings answer. */
    READY,
    /** Stopped unexpectedly; a restart is scheduled. */
    RESTARTING,
    /** Stopped on purpose. */
    STOPPED
}
