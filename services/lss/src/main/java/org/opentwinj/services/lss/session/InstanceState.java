package org.opentwinj.services.lss.session;

/** A session service's state on its LSS. */
public enum InstanceState {
    /** Launched, not yet confirmed. */
    STARTING,
    /** Confirmed; health pings answer. */
    READY,
    /** Stopped unexpectedly; a restart is scheduled. */
    RESTARTING,
    /** Stopped on purpose. */
    STOPPED
}
