package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.transport.client.PeerCallException;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RouteCacheTest {
    private static final URI GSS = URI.create("https://gss:1");
    /** Long enough that a test waiting for it would hang and fail by the class timeout. */
    private static final Duration PATIENT = Duration.ofMinutes(10);

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger fetches = new AtomicInteger();
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean gssDown;
    private volatile PeerCallException gssRefusal;
    private volatile CountDownLatch gssStalled;
    private volatile SessionState state = SessionState.RUNNING;

    private Routes fetch(String session) {
        fetches.incrementAndGet();
        CountDownLatch stalled = gssStalled;
        if (stalled != null) {
            try {
                stalled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (gssDown) {
            throw new PeerCallException(GSS, Relay.ROUTES_ACTION, 0, "connection refused", null);
        }
        if (gssRefusal != null) {
            throw gssRefusal;
        }
        return new Routes(
                session, "alice", List.of(), "p", state, Map.of("echo", URI.create("https://echo:" + fetches.get())));
    }

    private RouteCache cache(Duration ttl) {
        return cache(ttl, PATIENT);
    }

    private RouteCache cache(Duration ttl, Duration refreshWait) {
        return new RouteCache(RouteSource.routesOnly(this::fetch), ttl, refreshWait, lookups, now::get);
    }

    @AfterEach
    void stop() {
        if (gssStalled != null) {
            gssStalled.countDown();
        }
        lookups.shutdownNow();
    }

    private void expire() {
        now.addAndGet(Duration.ofSeconds(6).toNanos());
    }

    private static PeerCallException gssAnswered(int status, String reason) {
        return new PeerCallException(GSS, Relay.ROUTES_ACTION, status, reason, Duration.ofSeconds(5), null);
    }

    @Test
    void aKnownSessionKeepsItsRoutesWhileTheGssCannotBeReached() {
        RouteCache cache = cache(Duration.ofSeconds(5));
        Routes known = cache.routes("s1");
        expire();
        gssDown = true;

        assertThat(cache.routes("s1")).isSameAs(known);
        // Not asked again at every request: the known routes serve another lifetime.
        assertThat(cache.routes("s1")).isSameAs(known);
        assertThat(fetches.get()).isEqualTo(2);

        expire();
        gssDown = false;
        assertThat(cache.routes("s1")).isNotSameAs(known);
    }

    @Test
    void aKnownSessionKeepsItsRoutesWhileTheGssAnswersThatItsDatabaseIsUnavailable() {
        RouteCache cache = cache(Duration.ofSeconds(5));
        Routes known = cache.routes("s1");
        expire();
        gssRefusal = gssAnswered(503, "database unavailable: it did not answer within 5000 ms");

        assertThat(cache.routes("s1")).isSameAs(known);
    }

    @Test
    void aKnownSessionKeepsItsRoutesWhileTheGssDoesNotAnswerAndTakesTheNewOnesWhenItDoes() {
        RouteCache cache = cache(Duration.ofSeconds(5), Duration.ofMillis(20));
        Routes known = cache.routes("s1");
        expire();
        gssStalled = new CountDownLatch(1);

        assertThat(cache.routes("s1")).isSameAs(known);
        assertThat(cache.routes("s1")).isSameAs(known);

        gssStalled.countDown();
        Awaitility.await().until(() -> cache.routes("s1") != known);
        assertThat(cache.routes("s1").services().get("echo")).isEqualTo(URI.create("https://echo:2"));
        assertThat(fetches.get()).as("one lookup at a time").isEqualTo(2);
    }

    @Test
    void requestsThatComeWhileALookupRunsDoNotWaitForIt() throws Exception {
        RouteCache cache = cache(Duration.ofSeconds(5), PATIENT);
        Routes known = cache.routes("s1");
        expire();
        gssStalled = new CountDownLatch(1);
        CompletableFuture<Routes> waiting = CompletableFuture.supplyAsync(() -> cache.routes("s1"), lookups);
        Awaitility.await().until(() -> fetches.get() == 2);

        // The lookup hangs; this request would hang with it (and time the test out) if it waited.
        assertThat(cache.routes("s1")).isSameAs(known);

        gssStalled.countDown();
        assertThat(waiting.get().services().get("echo")).isEqualTo(URI.create("https://echo:2"));
    }

    @Test
    void aRefreshThatFindsTheSessionGoneOrStoppedIsBelievedAtOnce() {
        RouteCache cache = cache(Duration.ofSeconds(5));
        cache.routes("s1");
        expire();
        state = SessionState.CLOSING;

        assertThat(cache.routes("s1").state()).isEqualTo(SessionState.CLOSING);

        state = SessionState.RUNNING;
        cache.routes("s2");
        expire();
        gssRefusal = gssAnswered(404, "unknown session 's2'");
        assertThatThrownBy(() -> cache.routes("s2"))
                .isInstanceOfSatisfying(
                        PeerCallException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
        gssRefusal = null;
        gssDown = true;
        // Forgotten: nothing to fall back on.
        assertThatThrownBy(() -> cache.routes("s2")).isInstanceOf(PeerCallException.class);
    }

    @Test
    void anUnknownSessionIsNotServedWhenTheGssFails() {
        RouteCache cache = cache(Duration.ofSeconds(5));
        gssRefusal = gssAnswered(503, "database unavailable: it did not answer within 5000 ms");

        assertThatThrownBy(() -> cache.routes("s1"))
                .isInstanceOfSatisfying(
                        PeerCallException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
    }

    @Test
    void routesAreReusedUntilTheyExpire() {
        RouteCache cache = cache(Duration.ofSeconds(5));

        Routes first = cache.routes("s1");
        now.addAndGet(Duration.ofMillis(4_999).toNanos());
        assertThat(cache.routes("s1")).isSameAs(first);
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.routes("s1")).isNotSameAs(first);
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void aForgottenSessionIsLookedUpAgain() {
        RouteCache cache = cache(Duration.ofSeconds(5));
        Routes first = cache.routes("s1");

        cache.forget("s1");

        assertThat(cache.routes("s1").services()).isNotEqualTo(first.services());
    }

    @Test
    void failuresAreNotRemembered() {
        RouteCache cache = cache(Duration.ofSeconds(5));
        gssDown = true;
        assertThatThrownBy(() -> cache.routes("s1")).isInstanceOf(PeerCallException.class);

        gssDown = false;

        assertThat(cache.routes("s1").user()).isEqualTo("alice");
    }

    @Test
    void aSessionThatIsNotServingIsAskedForAgain() {
        RouteCache cache = cache(Duration.ofSeconds(5));
        state = SessionState.STARTING;
        assertThat(cache.routes("s1").isServing()).isFalse();

        state = SessionState.RUNNING;

        assertThat(cache.routes("s1").isServing()).isTrue();
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void aZeroLifetimeAsksEveryTime() {
        RouteCache cache = cache(Duration.ZERO);
        cache.routes("s1");
        cache.routes("s1");
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void expiredEntriesAreEvicted() {
        RouteCache cache = cache(Duration.ofSeconds(5));
        Routes first = cache.routes("s1");
        cache.evictExpired(session -> false);
        assertThat(cache.routes("s1")).isSameAs(first);

        now.addAndGet(Duration.ofSeconds(6).toNanos());
        cache.evictExpired(session -> false);
        gssDown = true;

        assertThatThrownBy(() -> cache.routes("s1")).isInstanceOf(PeerCallException.class);
    }

    @Test
    void expiredEntriesOfSessionsWithConnectionsStayAsTheFallback() {
        RouteCache cache = cache(Duration.ofSeconds(5));
        Routes first = cache.routes("s1");
        cache.routes("s2");
        expire();

        cache.evictExpired("s1"::equals);
        gssDown = true;

        assertThat(cache.routes("s1")).isSameAs(first);
        assertThatThrownBy(() -> cache.routes("s2")).isInstanceOf(PeerCallException.class);
    }
}
