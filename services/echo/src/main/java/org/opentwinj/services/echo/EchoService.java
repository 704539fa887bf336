package org.opentwinj.services.echo;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.OptionalField;
import org.opentwinj.platform.transport.client.PeerCallException;

/**
 * A small real service speaking the real protocol: it answers messages, forwards them to a
 * peer over mutual TLS, and records queued messages in arrival order. Session types use it
 * until the compute services exist, and the platform's tests use it as a peer.
 */
public final class EchoService implements ServiceDefinition {
    /** Longest delay a caller may ask for, so that no request can hold a thread for long. */
    static final int MAX_DELAY_MS = 60_000;

    /** {@code Echo}: answer the message, after an optional delay (to test slow peers and graceful stops). */
    public record EchoRequest(String message, @OptionalField Integer delayMs) {}

    /** The reply to {@code Echo} and {@code Echo.Forward}. */
    public record EchoReply(String message, String service, String site, String caller) {}

    /** {@code Echo.Forward}: send {@code Echo} to another service over mTLS and return its reply. */
    public record ForwardRequest(String peerUrl, String message) {}

    /** {@code Echo.Record}: remember a message (sent through /queue to observe ordering). */
    public record RecordRequest(String message) {}

    /** {@code Echo.History}: the recorded messages, oldest first. */
    public record HistoryRequest() {}

    private final List<String> recorded = new ArrayList<>();

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "Echo service: a minimal session service speaking the platform protocol.";
    }

    @Override
    public void start(ServiceContext context) {
        String service = context.info().service();
        String site = context.info().site();
        context.actions()
                .register(ActionSpec.internal("Echo", EchoRequest.class, (request, call) -> {
                    pause(request.delayMs());
                    return new EchoReply(request.message(), service, site, call.caller().toString());
                }).asIdempotent())
                .register(ActionSpec.internal("Echo.Forward", ForwardRequest.class, (request, call) -> {
                    URI peer = peerUrl(request.peerUrl());
                    try {
                        return context.client().call(peer, "Echo", new EchoRequest(request.message(), null));
                    } catch (PeerCallException e) {
                        throw new PublicException(502, e.getMessage());
                    }
                }))
                .register(ActionSpec.internal("Echo.Record", RecordRequest.class, (request, call) -> {
                    synchronized (recorded) {
                        recorded.add(request.message());
                        return recorded.size();
                    }
                }))
                .register(ActionSpec.internal("Echo.History", HistoryRequest.class, (request, call) -> {
                    synchronized (recorded) {
                        return List.copyOf(recorded);
                    }
                }).asIdempotent());
    }

    private static URI peerUrl(String text) {
        try {
            return ValueParsers.HTTPS_URL.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PublicException("field 'peerUrl' is invalid: " + e.getMessage());
        }
    }

    private static void pause(Integer delayMs) throws InterruptedException {
        if (delayMs == null || delayMs == 0) {
            return;
        }
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            throw new PublicException("field 'delayMs' must be between 0 and " + MAX_DELAY_MS);
        }
        Thread.sleep(delayMs);
    }
}
