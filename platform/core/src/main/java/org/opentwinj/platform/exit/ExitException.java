package org.opentwinj.platform.exit;

import java.util.Objects;

/**
 * Thrown to stop a process with a documented exit code and a one-line reason. The
 * launcher catches it, logs the reason once and exits; nothing else calls System.exit.
 */
public class ExitException extends RuntimeException {
    private final ExitCode exitCode;

    public ExitException(ExitCode exitCode, String reason) {
        this(exitCode, reason, null);
    }

    public ExitException(ExitCode exitCode, String reason, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason"), cause);
        this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
