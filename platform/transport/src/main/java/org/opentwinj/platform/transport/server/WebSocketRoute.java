package org.opentwinj.platform.transport.server;

import io.helidon.websocket.WsListener;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A websocket endpoint served on the service's HTTPS port beside the action endpoints (the
 * relay's client endpoint). Each connection gets its own listener. Browsers send an
 * {@code Origin}: a connection from a page of another origin is refused with 403 unless that
 * origin is listed (clients that are not browsers send none and are not concerned).
 *
 * @param path           the path, e.g. {@code /relay}
 * @param listener       makes the listener of one new connection
 * @param allowedOrigins origins of pages allowed besides the service's own, e.g. {@code https://ui.example:8443}
 */
public record WebSocketRoute(String path, Supplier<WsListener> listener, Set<String> allowedOrigins) {
    public WebSocketRoute {
        Objects.requireNonNull(listener, "listener");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a websocket path starts with /: " + path);
        }
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** A route for pages of the service's own origin (and clients that are not browsers). */
    public WebSocketRoute(String path, Supplier<WsListener> listener) {
        this(path, listener, Set.of());
    }
}
