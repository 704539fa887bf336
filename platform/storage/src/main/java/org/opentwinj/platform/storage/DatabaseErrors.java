package org.opentwinj.platform.storage;

import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.opentwinj.platform.error.PublicException;

/**
 * Tells a database that cannot be reached apart from other failures, so that a request made
 * while the database is down gets 503 with a reason and a time to retry, not a 500.
 */
public final class DatabaseErrors {
    /** How long callers are told to wait before trying again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private DatabaseErrors() {}

    /** @return a 503 when the failure (or one of its causes) means the database is unreachable */
    public static Optional<PublicException> translate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoTimeoutException
                    || t instanceof MongoSocketException
                    || t instanceof MongoNotPrimaryException
                    || t instanceof MongoNodeIsRecoveringException) {
                return Optional.of(
                        PublicException.unavailable("the database is unavailable; try again shortly", RETRY_AFTER));
            }
        }
        return Optional.empty();
    }
}
