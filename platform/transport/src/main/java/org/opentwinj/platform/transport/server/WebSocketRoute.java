package org.opentwinj.platform.transport.server;

import io.helidon.websocket.WsListener;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A websocket endpoint served on the service's HTTPS port beside the action endpoints (the
 * relay's client endpoint). Each connection gets its own listener.
 *
 * @param path     the path, e.g. {@code /relay}
 * @param listener makes the listener of one new connection
 */
public record WebSocketRoute(String path, Supplier<WsListener> listener) {
    public WebSocketRoute {
        Objects.requireNonNull(listener, "listener");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a websocket path starts with /: " + path);
        }
    }
}
