package org.opentwinj.platform.error;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * An error whose message is safe to show to a user or a calling service. Transport maps it
 * to its HTTP status (a 4xx by default) with the message as the JSON reason. Any other
 * exception is internal: it is logged with an error id and answered with a 500 that
 * reveals nothing but that id.
 */
public class PublicException extends RuntimeException {
    private final int status;
    private final Duration retryAfter;

    public PublicException(String message) {
        this(400, message);
    }

    public PublicException(int status, String message) {
        this(status, message, null);
    }

    private PublicException(int status, String message, Duration retryAfter) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
        }
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** When the caller may try again (answered as {@code Retry-After}), if the refusal is temporary. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** 429: too many requests now; the caller may retry after the given time. */
    public static PublicException tooManyRequests(String message, Duration retryAfter) {
        return new PublicException(429, message, retryAfter);
    }

    /** 503: temporarily unable, e.g. a dependency is down; the caller may retry after the given time. */
    public static PublicException unavailable(String message, Duration retryAfter) {
        return new PublicException(503, message, retryAfter);
    }

    /**
     * Fields answered next to {@code reason}, for clients that act on the refusal (e.g. the
     * session that holds a project, to offer joining it); none unless a subclass names some.
     * Their names must not be {@code status}, {@code reason} or {@code retryAfterSeconds}.
     */
    public Map<String, String> fields() {
        return Map.of();
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }

    public static PublicException notFound(String message) {
        return new PublicException(404, message);
    }

    public static PublicException forbidden(String message) {
        return new PublicException(403, message);
    }

    public static PublicException unauthorized(String message) {
        return new PublicException(401, message);
    }

    public static PublicException conflict(String message) {
        return new PublicException(409, message);
    }
}
