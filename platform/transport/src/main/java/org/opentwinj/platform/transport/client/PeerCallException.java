package org.opentwinj.platform.transport.client;

import java.net.URI;

/**
 * A call to another service failed. The message always names the peer and the action, so
 * that a log line alone says which hop broke.
 */
public class PeerCallException extends RuntimeException {
    private final URI peer;
    private final String action;
    private final int httpStatus;

    public PeerCallException(URI peer, String action, int httpStatus, String reason, Throwable cause) {
        super(action + " at " + peer + " failed" + (httpStatus > 0 ? " with HTTP " + httpStatus : "") + ": " + reason, cause);
        this.peer = peer;
        this.action = action;
        this.httpStatus = httpStatus;
    }

    public URI peer() {
        return peer;
    }

    public String action() {
        return action;
    }

    /** The peer's HTTP status, or 0 when no answer came (connection refused, timeout, TLS). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the peer could not be reached or did not answer at all. */
    public boolean isUnreachable() {
        return httpStatus == 0;
    }
}
