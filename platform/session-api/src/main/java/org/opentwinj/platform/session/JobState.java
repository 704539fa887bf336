package org.opentwinj.platform.session;

import java.util.EnumSet;
import java.util.List;

/** Where a job is in its life. */
public enum JobState {
    /** Accepted, waiting for a worker of its service. */
    QUEUED,
    /** Working; {@link JobView#fraction()}, message and time left say how far. */
    RUNNING,
    /** Finished; its results are saved in one model version. */
    DONE,
    /** Stopped by an error ({@link JobView#reason()}); nothing of it is saved. */
    FAILED,
    /** Cancelled by a user; nothing is saved, except results marked partial. */
    CANCELLED;

    private static final EnumSet<JobState> ENDED = EnumSet.of(DONE, FAILED, CANCELLED);

    /** It will not change again. */
    public boolean isEnded() {
        return ENDED.contains(this);
    }

    public static List<JobState> ended() {
        return List.copyOf(ENDED);
    }
}
