package org.opentwinj.platform.spawner;

/**
 * How a spawned service ended.
 *
 * @param code the exit code, or -1 when it is not known (a reattached process)
 */
public record ExitStatus(int code) {
    public static final ExitStatus UNKNOWN = new ExitStatus(-1);

    public boolean isKnown() {
        return code >= 0;
    }
}
