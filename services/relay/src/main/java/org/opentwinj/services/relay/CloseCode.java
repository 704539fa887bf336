package org.opentwinj.services.relay;

import java.nio.charset.StandardCharsets;

/**
 * The close codes of the relay's websocket. The 4xxx codes mirror the HTTP status a request
 * would have got, so a client can treat them alike.
 */
public enum CloseCode {
    NORMAL(1000),
    /** The relay is stopping, or the client stopped answering pings. */
    GOING_AWAY(1001),
    /** A message was larger than the relay accepts. */
    TOO_BIG(1009),
    /** Something unexpected; the relay's log has the details under the error id in the reason. */
    INTERNAL_ERROR(1011),
    /** No {@code session} query parameter. */
    NO_SESSION(4400),
    /** No token, or an invalid or expired one. */
    UNAUTHORIZED(4401),
    /** The session belongs to another user (and the caller is not an admin). */
    FORBIDDEN(4403),
    /** The GSS does not know the session. */
    UNKNOWN_SESSION(4404),
    /** The session exists but is not RUNNING or RECOVERING. */
    NOT_RUNNING(4409),
    /** The GSS could not be reached to look the session up. */
    GSS_UNREACHABLE(4503);

    /** A close frame carries at most 125 bytes: two for the code, the rest for the reason. */
    static final int MAX_REASON_BYTES = 123;

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason cut to what fits into a close frame (longer ones break some clients). */
    static String fit(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 3) {
            int end = cut.length() - 1;
            if (end > 0 && Character.isLowSurrogate(cut.charAt(end))) {
                end--;
            }
            cut = cut.substring(0, end);
        }
        return cut + "...";
    }
}
