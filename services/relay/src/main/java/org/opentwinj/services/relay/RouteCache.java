package org.opentwinj.services.relay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.opentwinj.platform.session.Routes;

/**
 * Remembers each session's routes for a short time, so that a burst of connections and
 * messages does not turn into a burst of GSS calls. Held in memory only: after a restart the
 * relay simply asks the GSS again when clients reconnect. Failed lookups, and sessions that
 * are not serving (yet), are not remembered: a client that connects while its session starts
 * must be let in as soon as it runs, not a cache lifetime later.
 */
final class RouteCache {
    private record Entry(Routes routes, long fetchedAtNanos) {}

    private final RouteSource source;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param ttl      how long an entry is reused; zero disables caching
     * @param nanoTime the monotonic clock ({@code System::nanoTime} outside tests)
     */
    RouteCache(RouteSource source, Duration ttl, LongSupplier nanoTime) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The session's routes, from the cache while fresh, else from the source. */
    Routes routes(String session) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(session);
        if (entry != null && now - entry.fetchedAtNanos() < ttlNanos) {
            return entry.routes();
        }
        Routes routes = source.fetch(session);
        if (ttlNanos > 0 && routes.isServing()) {
            entries.put(session, new Entry(routes, now));
        }
        return routes;
    }

    /** Drops the session's entry, e.g. when one of its services could not be reached (it may have moved). */
    void forget(String session) {
        entries.remove(session);
    }

    /** Drops expired entries, so that sessions nobody uses any more do not stay in memory. */
    void evictExpired() {
        long now = nanoTime.getAsLong();
        entries.values().removeIf(entry -> now - entry.fetchedAtNanos() >= ttlNanos);
    }
}
