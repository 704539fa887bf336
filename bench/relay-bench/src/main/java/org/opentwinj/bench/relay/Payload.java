package org.opentwinj.bench.relay;

import java.nio.charset.StandardCharsets;

/**
 * The frames on the wire. Every path gets the same client frames, the relay's request format
 * with the ids 1, 2, 3, ... of each client: {@link #request(long)}. The reply is checked
 * character for character against {@link #reply(long, String)}: the echo service's
 * {@code EchoReply} inside the relay's reply frame. Only its {@code caller} differs by path:
 * {@link #ANONYMOUS} when the echo service's {@code /ws} answers (direct and through
 * configurable-http-proxy, which passes the frames through), {@link #ON_BEHALF} when the relay
 * called {@code /execute} over mTLS with the user's token. Anything else counts as an error,
 * never as a fast message.
 */
final class Payload {
    static final String SERVICE = "echo";
    static final String SITE = "1";
    static final String MESSAGE = "hello from the OpenTwin/J relay benchmark";
    /** The user whose token the relay's clients present. */
    static final String USER = "bench";
    /** The session the fake GSS knows, of {@link #USER}, with the echo service in it. */
    static final String SESSION = "bench-session";
    /** How the echo service sees a client of its own {@code /ws}. */
    static final String ANONYMOUS = "anonymous";
    /** How the echo service sees a message the relay forwarded. */
    static final String ON_BEHALF = "user " + USER + " via service CN=" + BenchmarkRun.RELAY;

    private static final String REQUEST_HEAD = "{\"id\":";
    private static final String REQUEST_TAIL =
            ",\"service\":\"" + SERVICE + "\",\"message\":{\"action\":\"Echo\",\"message\":\"" + MESSAGE + "\"}}";
    private static final String REPLY_HEAD = "{\"type\":\"reply\",\"id\":";
    private static final String RESULT_HEAD = ",\"status\":\"ok\",\"result\":{\"message\":\"" + MESSAGE
            + "\",\"service\":\"" + SERVICE + "\",\"site\":\"" + SITE + "\",\"caller\":\"";

    private Payload() {}

    /** The client frame with this id. */
    static String request(long id) {
        return REQUEST_HEAD + id + REQUEST_TAIL;
    }

    /** The reply frame expected for this id when the echo service sees {@code caller}. */
    static String reply(long id, String caller) {
        return REPLY_HEAD + id + RESULT_HEAD + caller + "\"}}";
    }

    /** Whether {@code received} is exactly the expected reply, without building it. */
    static boolean isReply(CharSequence received, long id, String caller) {
        String digits = Long.toString(id);
        int expected = REPLY_HEAD.length() + digits.length() + RESULT_HEAD.length() + caller.length() + 3;
        if (received.length() != expected) {
            return false;
        }
        String text = received.toString();
        int at = 0;
        for (String part : new String[] {REPLY_HEAD, digits, RESULT_HEAD, caller, "\"}}"}) {
            if (!text.startsWith(part, at)) {
                return false;
            }
            at += part.length();
        }
        return true;
    }

    /** UTF-8 size of a frame, for the report. */
    static int bytes(String frame) {
        return frame.getBytes(StandardCharsets.UTF_8).length;
    }
}
