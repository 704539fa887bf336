package org.opentwinj.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentwinj.platform.error.PublicException;

/**
 * The operation timeout against the embedded database's server (mongo-java-server) behind a
 * proxy that stops answering, as a database stopped with SIGSTOP does: operations fail with a
 * timeout that {@link DatabaseErrors} turns into a 503, instead of waiting until it resumes.
 * The class timeout only keeps a regression from hanging the build; nothing here is timed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatabaseStallTest {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(500);

    private MongoServer server;
    private StallingProxy proxy;
    private DatabaseConnection connection;
    private MongoCollection<Document> things;

    @BeforeEach
    void start() throws Exception {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        proxy = new StallingProxy(address);
        connection = DatabaseConnection.open(
                "mongodb://127.0.0.1:" + proxy.port() + "/stall", Duration.ofSeconds(10), OPERATION_TIMEOUT, null);
        things = connection.database().getCollection("things");
        things.insertOne(new Document("_id", 1).append("name", "box"));
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        proxy.close();
        server.shutdownNow();
    }

    @Test
    void theOperationTimeoutIsKept() {
        assertThat(connection.operationTimeout()).contains(OPERATION_TIMEOUT);
    }

    @Test
    void aReadOnAStalledDatabaseFailsAsUnavailableInsteadOfWaitingForIt() {
        proxy.stall();

        Throwable failure =
                catchThrowable(() -> things.find(new Document("_id", 1)).first());

        assertThat(failure).isInstanceOf(MongoTimeoutException.class);
        assertUnavailable(failure);
    }

    @Test
    void aWriteOnAStalledDatabaseFailsAsUnavailable() {
        proxy.stall();

        Throwable failure = catchThrowable(() -> things.insertOne(new Document("_id", 2)));

        assertUnavailable(failure);
    }

    @Test
    void anOperationAlreadyWaitingWhenTheStallBeganFailsToo() throws Exception {
        proxy.stall();
        CompletableFuture<Throwable> underWay =
                CompletableFuture.supplyAsync(() -> catchThrowable(() -> things.countDocuments()));

        assertUnavailable(underWay.get());
    }

    @Test
    void theConnectionWorksAgainWhenTheDatabaseResumes() {
        proxy.stall();
        catchThrowable(() -> things.find().first());

        proxy.resume();

        assertThat(things.find(new Document("_id", 1)).first()).containsEntry("name", "box");
        assertThat(connection.ping()).isTrue();
    }

    @Test
    void aLongCursorIsBoundedPerBatchAndStillEndsWhenTheDatabaseStalls() {
        for (int i = 2; i <= 50; i++) {
            things.insertOne(new Document("_id", i));
        }
        List<Document> all = new ArrayList<>();
        LongCursors.perBatch(things, things.find().batchSize(5)).forEach(all::add);
        assertThat(all).hasSize(50);

        try (MongoCursor<Document> cursor =
                LongCursors.perBatch(things, things.find().batchSize(5)).iterator()) {
            cursor.next();
            proxy.stall();

            Throwable failure = catchThrowable(() -> {
                while (cursor.hasNext()) {
                    cursor.next();
                }
            });

            assertUnavailable(failure);
        }
    }

    @Test
    void withoutAnOperationTimeoutCursorsAreLeftAsTheyAre() {
        try (DatabaseConnection unbounded =
                DatabaseConnection.open("mongodb://127.0.0.1:" + proxy.port() + "/stall", Duration.ofSeconds(10))) {
            MongoCollection<Document> same = unbounded.database().getCollection("things");
            assertThat(unbounded.operationTimeout()).isEmpty();
            assertThat(LongCursors.perBatch(same, same.find()).first()).containsEntry("name", "box");
        }
    }

    private void assertUnavailable(Throwable failure) {
        assertThat(failure).as("the driver's failure").isNotNull();
        PublicException refusal = DatabaseErrors.of(connection)
                .explain(failure)
                .orElseThrow(() -> new AssertionError("not seen as the database being unavailable", failure));
        assertThat(refusal.status()).isEqualTo(503);
        assertThat(refusal.getMessage()).isEqualTo("database unavailable: it did not answer within 500 ms");
        assertThat(refusal.retryAfter()).contains(DatabaseErrors.RETRY_AFTER);
    }
}
