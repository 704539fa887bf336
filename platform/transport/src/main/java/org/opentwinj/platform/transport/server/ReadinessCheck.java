package org.opentwinj.platform.transport.server;

import java.util.Optional;

/**
 * Something a service needs before it can take work (a database, a peer). {@code GET /readyz}
 * answers 503 with the problems of all failing checks.
 */
@FunctionalInterface
public interface ReadinessCheck {
    /**
     * Called on every readiness probe; must be quick (cache slow results) and must not throw.
     *
     * @return empty when ready, else a one-line reason
     */
    Optional<String> problem();
}
