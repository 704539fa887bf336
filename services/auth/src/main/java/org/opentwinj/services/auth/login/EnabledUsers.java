package org.opentwinj.services.auth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opentwinj.services.auth.users.User;
import org.opentwinj.services.auth.users.UserStore;

/**
 * Whether a token's user still exists and is enabled, cached briefly because every token
 * request asks. Changes made through this instance take effect at once ({@link #forget});
 * changes made by another instance on the same database within {@link #TTL}.
 */
public final class EnabledUsers {
    public static final Duration TTL = Duration.ofSeconds(5);

    private record Entry(boolean enabled, Instant checkedAt) {}

    private final UserStore users;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public EnabledUsers(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    public boolean isEnabled(String user) {
        Instant now = clock.instant();
        Entry entry = cache.get(user);
        if (entry == null || now.isAfter(entry.checkedAt().plus(TTL))) {
            if (cache.size() > 10_000) {
                cache.clear();
            }
            entry = new Entry(users.find(user).map(User::enabled).orElse(false), now);
            cache.put(user, entry);
        }
        return entry.enabled();
    }

    public void forget(String user) {
        cache.remove(user);
    }
}
