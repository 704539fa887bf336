package org.opentwinj.services.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.transport.client.PeerCallException;

class RouteCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile boolean gssDown;
    private volatile SessionState state = SessionState.RUNNING;

    private Routes fetch(String session) {
        fetches.incrementAndGet();
        if (gssDown) {
            throw new PeerCallException(
                    URI.create("https://gss:1"), Relay.ROUTES_ACTION, 0, "connection refused", null);
        }
        return new Routes(session, "alice", "p", state, Map.of("echo", URI.create("https://echo:" + fetches.get())));
    }

    private RouteCache cache(Duration ttl) {
        return new RouteCache(this::fetch, ttl, now::get);
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
        cache.evictExpired();
        assertThat(cache.routes("s1")).isSameAs(first);

        now.addAndGet(Duration.ofSeconds(6).toNanos());
        cache.evictExpired();
        gssDown = true;

        assertThatThrownBy(() -> cache.routes("s1")).isInstanceOf(PeerCallException.class);
    }
}
