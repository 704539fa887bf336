package org.opentwinj.services.auth.login;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.opentwinj.services.auth.Duplicates;

/**
 * Failed logins and locks per user name, in the {@value #COLLECTION} collection, so that every
 * AUTH replica counts the same failures, the Users page sees the lock and a restart forgets
 * nothing. After {@link #MAX_FAILURES} failures within {@link #WINDOW} (counted from the first
 * of them) the name is locked for {@link #LOCK}; a successful login, an admin's unlock or a new
 * password clears it.
 *
 * <p>Names that belong to no user are counted and locked the same way, so the answers to a
 * login never tell whether a user exists. Those entries are what an attacker can add, so
 * entries whose window and lock are over are purged in code (at start and at most once a minute
 * while failures come in); the embedded database has no TTL indexes.
 *
 * <p>Every change is a single-document update (the embedded database has no transactions): the
 * count is a {@code $inc}, so two replicas counting at once lose no failure.
 */
public final class LoginLocks {
    public static final String COLLECTION = "auth_login_locks";
    /** Failed logins for one name within the window that lock it. */
    public static final int MAX_FAILURES = 5;
    /** Attempts left at which a failed login starts to warn. */
    public static final int WARN_AT_ATTEMPTS_LEFT = 3;

    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration LOCK = Duration.ofMinutes(15);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    /**
     * What a failed login did to its name.
     *
     * @param attemptsLeft failures left before the lock (0 once locked)
     * @param lockedUntil  when the lock this failure set ends, or empty
     */
    public record Failure(int attemptsLeft, Optional<Instant> lockedUntil) {}

    private final MongoCollection<Document> locks;
    private final Clock clock;
    private volatile Instant nextPurge = Instant.MIN;

    public LoginLocks(MongoDatabase database, Clock clock) {
        this.locks = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    /** When the name's lock ends, or empty if the name is not locked now. */
    public Optional<Instant> lockedUntil(String name) {
        Document entry = locks.find(Filters.eq("_id", name)).first();
        return entry == null ? Optional.empty() : activeLock(entry, clock.instant());
    }

    /** Every name locked now, with the end of its lock. */
    public Map<String, Instant> locked() {
        Instant now = clock.instant();
        Map<String, Instant> locked = new LinkedHashMap<>();
        locks.find(Filters.gt("lockedUntil", Date.from(now)))
                .forEach(entry -> activeLock(entry, now).ifPresent(until -> locked.put(entry.getString("_id"), until)));
        return locked;
    }

    /** Counts a failed login for the name; the one that reaches {@link #MAX_FAILURES} locks it. */
    public Failure recordFailure(String name) {
        Instant now = clock.instant();
        purgeNowAndThen(now);
        int count = countInWindow(name, now);
        if (count < MAX_FAILURES) {
            return new Failure(MAX_FAILURES - count, Optional.empty());
        }
        // Whole seconds: the time is shown to people and sent as ISO-8601 without fractions.
        Instant until = now.truncatedTo(ChronoUnit.SECONDS).plus(LOCK);
        locks.updateOne(
                Filters.eq("_id", name),
                Updates.combine(
                        Updates.set("lockedUntil", Date.from(until)), Updates.unset("since"), Updates.set("count", 0)));
        return new Failure(0, Optional.of(until));
    }

    /**
     * The name's failures in the current window, this one included: one {@code $inc} while a
     * window is open, else a new window. Two replicas opening a window at once collide on the
     * name's key; the loser counts into the winner's window.
     */
    private int countInWindow(String name, Instant now) {
        Bson open = Filters.and(Filters.eq("_id", name), Filters.gt("since", Date.from(now.minus(WINDOW))));
        for (int attempt = 0; attempt < 3; attempt++) {
            Document counted = locks.findOneAndUpdate(
                    open, Updates.inc("count", 1), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (counted != null) {
                return counted.getInteger("count", 1);
            }
            Bson closed = Filters.and(
                    Filters.eq("_id", name),
                    Filters.or(Filters.exists("since", false), Filters.lte("since", Date.from(now.minus(WINDOW)))));
            try {
                locks.updateOne(
                        closed,
                        Updates.combine(Updates.set("count", 1), Updates.set("since", Date.from(now))),
                        new UpdateOptions().upsert(true));
                return 1;
            } catch (MongoWriteException e) {
                if (!Duplicates.isDuplicateKey(e)) {
                    throw e;
                }
                // Another replica opened the window between the two updates: count into it.
            }
        }
        throw new IllegalStateException("could not count a failed login for '" + name + "' after 3 attempts");
    }

    /** Forgets the name's failures and lock (a successful login, an unlock, a new password, a new or deleted user). */
    public void clear(String name) {
        locks.deleteOne(Filters.eq("_id", name));
    }

    /** Deletes the entries whose window and lock are over. */
    public void purgeExpired() {
        Instant now = clock.instant();
        locks.deleteMany(Filters.and(
                Filters.or(Filters.exists("since", false), Filters.lte("since", Date.from(now.minus(WINDOW)))),
                Filters.or(Filters.exists("lockedUntil", false), Filters.lte("lockedUntil", Date.from(now)))));
    }

    private void purgeNowAndThen(Instant now) {
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plus(PURGE_INTERVAL);
            purgeExpired();
        }
    }

    private static Optional<Instant> activeLock(Document entry, Instant now) {
        Date until = entry.getDate("lockedUntil");
        return until != null && until.toInstant().isAfter(now) ? Optional.of(until.toInstant()) : Optional.empty();
    }
}
