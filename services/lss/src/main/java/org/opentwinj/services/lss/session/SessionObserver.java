package org.opentwinj.services.lss.session;

/** Told about every change of a session (new event, phase, service state). */
@FunctionalInterface
public interface SessionObserver {
    /**
     * Called after the change, outside the session's lock, possibly from several threads.
     * Must not block for long and must not throw.
     */
    void changed(LiveSession session);
}
