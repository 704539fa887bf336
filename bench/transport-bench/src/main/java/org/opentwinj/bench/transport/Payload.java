package org.opentwinj.bench.transport;

import java.nio.charset.StandardCharsets;

/**
 * The bytes on the wire, identical for both targets: the load generator sends
 * {@link #REQUEST} to both, OpenTwin/J's {@code Echo} action answers {@link #REPLY} by
 * serialising {@link EchoMessage}, and nginx answers the same text with {@code return 200}.
 * The client compares every reply with {@link #REPLY}, so a target that answers anything
 * else counts errors instead of looking fast.
 */
final class Payload {
    /** The one field of the Echo request and result. */
    record EchoMessage(String message) {}

    static final String MESSAGE = "hello from the OpenTwin/J transport benchmark";
    static final String REQUEST_TEXT = "{\"action\":\"Echo\",\"message\":\"" + MESSAGE + "\"}";
    static final String REPLY_TEXT = "{\"status\":\"ok\",\"result\":{\"message\":\"" + MESSAGE + "\"}}";
    static final byte[] REQUEST = REQUEST_TEXT.getBytes(StandardCharsets.UTF_8);
    static final byte[] REPLY = REPLY_TEXT.getBytes(StandardCharsets.UTF_8);
    static final String PATH = "/execute";
    static final String ACTION = "Echo";

    private Payload() {}
}
