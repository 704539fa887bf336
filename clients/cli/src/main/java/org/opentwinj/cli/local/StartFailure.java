package org.opentwinj.cli.local;

/** A service that exited while starting or was not ready in time; its process is gone. */
final class StartFailure extends Exception {
    private final int exitCode;

    /**
     * @param exitCode the process's exit code, or the platform's code for "not ready"
     * @param message  what happened, with the service's last error line
     */
    StartFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
