package org.opentwinj.platform.spawner;

/**
 * How a spawned service ended.
 *
 * @param code      the exit code, or -1 when it is not known (a reattached process, a pod that never ran)
 * @param reason    why, when the spawner knows more than the code (e.g. "image ... cannot be pulled: ..."), else null;
 *                  written for the user who opened the session
 * @param permanent true when starting the service again cannot help (its image cannot be pulled, its pod
 *                  cannot be created as specified): the LSS then fails the session at once instead of
 *                  restarting it with back-off
 */
public record ExitStatus(int code, String reason, boolean permanent) {
    public static final ExitStatus UNKNOWN = new ExitStatus(-1, null, false);

    public ExitStatus(int code) {
        this(code, null, false);
    }

    public ExitStatus(int code, String reason) {
        this(code, reason, false);
    }

    /** A failure that a restart would only repeat. */
    public static ExitStatus permanentFailure(String reason) {
        return new ExitStatus(-1, reason, true);
    }

    public boolean isKnown() {
        return code >= 0;
    }
}
