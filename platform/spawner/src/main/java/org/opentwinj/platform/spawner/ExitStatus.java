package org.opentwinj.platform.spawner;

/**
 * How a spawned service ended.
 *
 * @param code   the exit code, or -1 when it is not known (a reattached process, a pod that never ran)
 * @param reason why, when the spawner knows more than the code (e.g. "image pull failed: ..."), else null
 */
public record ExitStatus(int code, String reason) {
    public static final ExitStatus UNKNOWN = new ExitStatus(-1, null);

    public ExitStatus(int code) {
        this(code, null);
    }

    public boolean isKnown() {
        return code >= 0;
    }
}
