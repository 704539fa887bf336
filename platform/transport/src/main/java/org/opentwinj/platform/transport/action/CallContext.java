package org.opentwinj.platform.transport.action;

/**
 * What a handler knows about the request besides its body.
 *
 * @param action        the action name
 * @param channel       the endpoint it arrived on
 * @param caller        who is calling
 * @param requestId     an id for this request, also in the log lines it produces
 * @param remoteAddress the network address the request came from (for rate limits and audit), or null when unknown
 */
public record CallContext(String action, Channel channel, Caller caller, String requestId, String remoteAddress) {
    /** A context without a known remote address (queued requests, tests). */
    public CallContext(String action, Channel channel, Caller caller, String requestId) {
        this(action, channel, caller, requestId, null);
    }
}
