package org.opentwinj.platform.transport.server;

import java.io.IOException;

/** Answers the requests of one {@link StreamRoute}. */
@FunctionalInterface
public interface StreamHandler {
    /**
     * Answers one {@code GET}, on the request's own (virtual) thread, after the transport has
     * checked the caller as the route's {@link StreamRoute.Access} says ({@link StreamRequest#caller()}).
     * It must answer exactly once: {@link StreamResponse#body(long)} (then write and close the
     * stream) or {@link StreamResponse#send()}.
     *
     * <p>It may throw {@link org.opentwinj.platform.error.PublicException} before it started the
     * body: the client gets that status and a JSON {@code reason}, as for actions. Any other
     * exception before the body is logged with an error id and answered 500 without details.
     * Once the body has started, the status cannot change: an exception cuts the connection, and
     * the client sees fewer bytes than the Content-Length promised.
     *
     * @throws IOException when writing to the client fails (it went away): logged at debug level
     */
    void handle(StreamRequest request, StreamResponse response) throws IOException;
}
