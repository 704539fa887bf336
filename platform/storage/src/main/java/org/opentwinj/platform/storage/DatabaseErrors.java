package org.opentwinj.platform.storage;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.opentwinj.platform.error.PublicException;

/**
 * Tells a database that cannot be reached or does not answer apart from other failures, so
 * that a request made while the database is down or stalled gets 503 with a reason naming the
 * database and a time to retry, not a 500 or a wrong reason. The launcher registers it as the
 * exception translator of every service with a database, so each request's failure is
 * explained in one place.
 */
public final class DatabaseErrors {
    /** How long callers are told to wait before trying again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** Every reason starts with this, so that callers and operators see the cause at once. */
    public static final String REASON_PREFIX = "database unavailable: ";

    private final Duration operationTimeout;

    private DatabaseErrors(Duration operationTimeout) {
        this.operationTimeout = operationTimeout;
    }

    /** The translator for a connection: its reasons give the connection's operation timeout. */
    public static DatabaseErrors of(DatabaseConnection connection) {
        return new DatabaseErrors(connection.operationTimeout().orElse(null));
    }

    /** Like {@link #explain(Throwable)}, for a connection whose operation timeout is not known. */
    public static Optional<PublicException> translate(Throwable failure) {
        return new DatabaseErrors(null).explain(failure);
    }

    /**
     * @return a 503 with {@link #RETRY_AFTER} when the failure (or one of its causes) means the
     *     database did not answer in time or cannot be reached; empty for any other failure
     */
    public Optional<PublicException> explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Optional<String> cause = cause(t);
            if (cause.isPresent()) {
                return Optional.of(PublicException.unavailable(REASON_PREFIX + cause.get(), RETRY_AFTER));
            }
        }
        return Optional.empty();
    }

    /** The cause in words safe to show users: driver messages name hosts and cluster state. */
    private Optional<String> cause(Throwable t) {
        // Timeouts first: a read timeout is also a socket exception, a CSOT one also a timeout.
        if (t instanceof MongoOperationTimeoutException
                || t instanceof MongoSocketReadTimeoutException
                || t instanceof MongoExecutionTimeoutException) {
            return Optional.of(
                    operationTimeout == null
                            ? "it did not answer in time"
                            : "it did not answer within " + operationTimeout.toMillis() + " ms");
        }
        if (t instanceof MongoTimeoutException) {
            return Optional.of("no database server could be reached in time");
        }
        if (t instanceof MongoSocketOpenException) {
            return Optional.of("cannot connect to it");
        }
        if (t instanceof MongoSocketException) {
            return Optional.of("the connection to it failed");
        }
        if (t instanceof MongoNotPrimaryException || t instanceof MongoNodeIsRecoveringException) {
            return Optional.of("it has no primary to take the request (an election may be under way)");
        }
        return Optional.empty();
    }
}
