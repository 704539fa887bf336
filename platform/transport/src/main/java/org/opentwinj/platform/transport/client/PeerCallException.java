package org.opentwinj.platform.transport.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A call to another service failed. The message always names the peer and the action, so
 * that a log line alone says which hop broke.
 */
public class PeerCallException extends RuntimeException {
    private final URI peer;
    private final String action;
    private final int httpStatus;
    private final String reason;
    private final Duration retryAfter;
    private final JsonNode reply;

    public PeerCallException(URI peer, String action, int httpStatus, String reason, Throwable cause) {
        this(peer, action, httpStatus, reason, null, cause);
    }

    public PeerCallException(
            URI peer, String action, int httpStatus, String reason, Duration retryAfter, Throwable cause) {
        this(peer, action, httpStatus, reason, retryAfter, MissingNode.getInstance(), cause);
    }

    /** @param reply the peer's error reply, whose other fields a caller may act on (see {@link #detail}) */
    public PeerCallException(
            URI peer,
            String action,
            int httpStatus,
            String reason,
            Duration retryAfter,
            JsonNode reply,
            Throwable cause) {
        super(
                action + " at " + peer + " failed" + (httpStatus > 0 ? " with HTTP " + httpStatus : "") + ": " + reason,
                cause);
        this.peer = peer;
        this.action = action;
        this.httpStatus = httpStatus;
        this.reason = reason;
        this.retryAfter = retryAfter;
        this.reply = reply;
    }

    /**
     * A field of the peer's error reply besides its reason (e.g. {@code lockedUntil}), or a
     * missing node when the reply had none or there was no reply.
     */
    public JsonNode detail(String field) {
        return reply.path(field);
    }

    /** The peer's reason (or what went wrong on the way), without the action and peer prefix. */
    public String reason() {
        return reason;
    }

    /** When the peer said the call may be repeated ({@code retryAfterSeconds}), if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
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
