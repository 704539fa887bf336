package org.opentwinj.platform.spawner;

/** A service could not be launched; the message says why, for the user who opened the session. */
public class SpawnException extends RuntimeException {
    public SpawnException(String message, Throwable cause) {
        super(message, cause);
    }
}
