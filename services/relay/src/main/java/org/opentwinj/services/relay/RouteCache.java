package org.opentwinj.services.relay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers each session's routes, so that a burst of connections and messages does not turn
 * into a burst of GSS calls, and so that a session the relay already knows keeps its traffic
 * when the GSS cannot answer. Held in memory only: after a restart the relay simply asks the
 * GSS again when clients reconnect. Failed lookups of unknown sessions, and sessions that are
 * not serving (yet), are not remembered: a client that connects while its session starts must
 * be let in as soon as it runs, not a cache lifetime later.
 *
 * <p><b>Stale if error.</b> The GSS reads sessions from the database, so a stalled database
 * stalls {@code Session.Routes} (up to the GSS's database timeout, then 503). A known serving
 * session must not stop with it: its services (echo, say) need no database and are still
 * where they were. So routes older than the lifetime are looked up again in the background,
 * and the request waits for the answer at most {@code refreshWait}: normally the GSS answers in
 * milliseconds and a session that stopped or moved is seen at once, exactly as without the
 * fallback; when it does not answer in time, or answers 502/503/504 or not at all, the routes
 * known so far are used, and again for another lifetime before the next try. Only one lookup
 * per session runs at a time; requests that come while it runs use the known routes without
 * waiting. A 404 (the session is gone) or a session that is no longer serving replaces the
 * known routes at once. Why not answer from the GSS's memory instead: GSS replicas share the
 * sessions through the database, so only the database is current; the relay, which holds the
 * connections, is the one that can carry on with what it last knew.
 */
final class RouteCache {
    private static final Logger LOG = LoggerFactory.getLogger(RouteCache.class);
    /** How long a request waits for a known session's routes to be looked up again. */
    static final Duration REFRESH_WAIT = Duration.ofMillis(500);

    private record Entry(Routes routes, long fetchedAtNanos) {}

    private final RouteSource source;
    private final long ttlNanos;
    private final Duration refreshWait;
    private final Executor lookups;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Routes>> refreshing = new ConcurrentHashMap<>();

    /**
     * @param ttl         how long an entry is used without asking; zero disables caching (and the fallback)
     * @param refreshWait how long a request waits for an expired entry's lookup before it uses the entry
     * @param lookups     runs the lookups of expired entries (virtual threads outside tests)
     * @param nanoTime    the monotonic clock ({@code System::nanoTime} outside tests)
     */
    RouteCache(RouteSource source, Duration ttl, Duration refreshWait, Executor lookups, LongSupplier nanoTime) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.refreshWait = refreshWait;
        this.lookups = lookups;
        this.nanoTime = nanoTime;
    }

    /**
     * The session's routes: from the cache while fresh; else, for a session not known yet,
     * from the source; else refreshed as the class comment says.
     *
     * @throws PeerCallException when the session is unknown here and the source fails, or the
     *     source says it does not exist (404)
     */
    Routes routes(String session) {
        Entry entry = entries.get(session);
        if (entry == null) {
            return fetchAndRemember(session);
        }
        if (nanoTime.getAsLong() - entry.fetchedAtNanos() < ttlNanos) {
            return entry.routes();
        }
        return refresh(session, entry.routes());
    }

    private Routes refresh(String session, Routes known) {
        CompletableFuture<Routes> lookup = new CompletableFuture<>();
        if (refreshing.putIfAbsent(session, lookup) != null) {
            return known;
        }
        try {
            lookups.execute(() -> {
                Routes found = null;
                RuntimeException failure = null;
                try {
                    found = fetchAndRemember(session);
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    // Before the waiting request hears the outcome: its next request may start a
                    // lookup of its own at once, rather than find this finished one still running.
                    refreshing.remove(session, lookup);
                }
                if (failure == null) {
                    lookup.complete(found);
                } else {
                    lookup.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            // The relay is stopping: its connections are being closed anyway.
            refreshing.remove(session, lookup);
            return known;
        }
        try {
            return lookup.get(refreshWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.debug(
                    "the GSS did not tell session {}'s routes within {} ms; using the known ones",
                    session,
                    refreshWait.toMillis());
            return known;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return known;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PeerCallException failure && isTemporary(failure)) {
                return known;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("looking up session " + session + " failed", e.getCause());
        }
    }

    private Routes fetchAndRemember(String session) {
        Routes routes;
        try {
            routes = source.fetch(session);
        } catch (PeerCallException e) {
            if (e.httpStatus() == 404) {
                entries.remove(session);
            } else if (isTemporary(e)) {
                keepKnown(session, e);
            }
            throw e;
        }
        if (ttlNanos > 0 && routes.isServing()) {
            entries.put(session, new Entry(routes, nanoTime.getAsLong()));
        } else {
            entries.remove(session);
        }
        return routes;
    }

    /** The known routes stay in use for another lifetime: the GSS is not asked again at every request. */
    private void keepKnown(String session, PeerCallException failure) {
        Entry kept = entries.computeIfPresent(session, (id, known) -> new Entry(known.routes(), nanoTime.getAsLong()));
        if (kept != null) {
            LOG.warn(
                    "the GSS cannot tell the routes of session {} ({}); its known routes stay in use",
                    session,
                    failure.getMessage());
        }
    }

    /** The GSS did not answer, or answered that it cannot now (its database, say): not a verdict on the session. */
    private static boolean isTemporary(PeerCallException e) {
        return e.isUnreachable() || e.httpStatus() == 502 || e.httpStatus() == 503 || e.httpStatus() == 504;
    }

    /** Drops the session's entry, e.g. when one of its services could not be reached (it may have moved). */
    void forget(String session) {
        entries.remove(session);
    }

    /**
     * Drops expired entries of sessions nobody uses any more, so that they do not stay in
     * memory. Entries of sessions with connections stay: they are what carries those
     * connections through a time when the GSS cannot answer.
     *
     * @param inUse whether the session has connections on this relay
     */
    void evictExpired(Predicate<String> inUse) {
        long now = nanoTime.getAsLong();
        entries.entrySet()
                .removeIf(entry -> now - entry.getValue().fetchedAtNanos() >= ttlNanos && !inUse.test(entry.getKey()));
    }
}
