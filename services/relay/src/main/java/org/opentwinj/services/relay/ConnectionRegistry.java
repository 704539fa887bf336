package org.opentwinj.services.relay;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open client connections, by session. Once closed it admits no more (the relay is stopping). */
final class ConnectionRegistry {
    private final Map<String, Set<ClientConnection>> bySession = new ConcurrentHashMap<>();
    private boolean closed;

    /** @return false when the registry is closed and the connection must be refused */
    synchronized boolean add(ClientConnection connection) {
        if (closed) {
            return false;
        }
        bySession
                .computeIfAbsent(connection.session(), session -> ConcurrentHashMap.newKeySet())
                .add(connection);
        return true;
    }

    synchronized void remove(ClientConnection connection) {
        bySession.computeIfPresent(connection.session(), (session, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    /** The session's connections now. */
    List<ClientConnection> of(String session) {
        Set<ClientConnection> connections = bySession.get(session);
        return connections == null ? List.of() : List.copyOf(connections);
    }

    /** The sessions with connections now. */
    List<String> sessions() {
        return List.copyOf(bySession.keySet());
    }

    List<ClientConnection> all() {
        return bySession.values().stream().flatMap(Set::stream).toList();
    }

    int count() {
        return bySession.values().stream().mapToInt(Set::size).sum();
    }

    /** Refuses new connections from now on and returns the open ones, to be closed by the caller. */
    synchronized List<ClientConnection> close() {
        closed = true;
        return all();
    }
}
