package org.opentwinj.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;

class DatabaseErrorsTest {
    private static final ServerAddress DATABASE = new ServerAddress("db.internal", 27017);

    private static String reason(Throwable failure) {
        Optional<PublicException> refusal = DatabaseErrors.translate(failure);
        assertThat(refusal).as("translated").isPresent();
        assertThat(refusal.get().status()).isEqualTo(503);
        assertThat(refusal.get().retryAfter()).contains(DatabaseErrors.RETRY_AFTER);
        return refusal.get().getMessage();
    }

    @Test
    void anOperationTimeoutSaysTheDatabaseDidNotAnswer() {
        assertThat(reason(new MongoOperationTimeoutException("Timeout while receiving message")))
                .isEqualTo("database unavailable: it did not answer in time");
        assertThat(reason(new MongoSocketReadTimeoutException(
                        "Timeout while receiving message", DATABASE, new SocketTimeoutException())))
                .isEqualTo("database unavailable: it did not answer in time");
        assertThat(reason(new MongoExecutionTimeoutException(50, "operation exceeded time limit")))
                .isEqualTo("database unavailable: it did not answer in time");
    }

    @Test
    void aServerSelectionTimeoutSaysNoServerCouldBeReached() {
        assertThat(reason(new MongoTimeoutException("Timed out while waiting for a server ... {address=db.internal}")))
                .isEqualTo("database unavailable: no database server could be reached in time");
    }

    @Test
    void socketFailuresSayTheConnectionFailed() {
        assertThat(reason(new MongoSocketOpenException("Exception opening socket", DATABASE, new IOException())))
                .isEqualTo("database unavailable: cannot connect to it");
        assertThat(reason(new MongoSocketReadException("Prematurely reached end of stream", DATABASE)))
                .isEqualTo("database unavailable: the connection to it failed");
    }

    @Test
    void theCauseIsFoundWhenWrapped() {
        RuntimeException wrapped = new IllegalStateException(
                "saving failed", new MongoOperationTimeoutException("Timeout while receiving message"));
        assertThat(reason(wrapped)).isEqualTo("database unavailable: it did not answer in time");
    }

    @Test
    void reasonsNeverQuoteTheDriverWhichNamesHosts() {
        assertThat(reason(new MongoTimeoutException("Timed out ... servers=[{address=db.internal:27017}]")))
                .doesNotContain("db.internal");
    }

    @Test
    void otherFailuresAreLeftAlone() {
        assertThat(DatabaseErrors.translate(
                        new MongoWriteException(new WriteError(11000, "duplicate key", new BsonDocument()), DATABASE)))
                .isEmpty();
        assertThat(DatabaseErrors.translate(new MongoException("something else")))
                .isEmpty();
        assertThat(DatabaseErrors.translate(new IllegalArgumentException("bad")))
                .isEmpty();
    }
}
