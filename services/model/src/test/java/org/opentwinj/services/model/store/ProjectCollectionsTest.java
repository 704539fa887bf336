package org.opentwinj.services.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.storage.DatabaseConnection;

class ProjectCollectionsTest {
    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final InetSocketAddress address = server.bind();

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    private DatabaseConnection open(Duration operationTimeout) {
        return DatabaseConnection.open(
                "mongodb://" + address.getHostString() + ":" + address.getPort() + "/test",
                Duration.ofSeconds(5),
                operationTimeout,
                null);
    }

    @Test
    void documentsKeepTheOperationTimeoutButPayloadTransfersAreNotBoundedAsAWhole() {
        try (DatabaseConnection connection = open(Duration.ofMillis(700))) {
            ProjectCollections collections = new ProjectCollections(connection.database(), "p-1");

            assertThat(collections.entities().getTimeout(TimeUnit.MILLISECONDS)).isEqualTo(700);
            assertThat(collections.blobs().getTimeout(TimeUnit.MILLISECONDS)).isZero();
        }
    }

    @Test
    void withoutAnOperationTimeoutNothingIsBounded() {
        try (DatabaseConnection connection = open(null)) {
            ProjectCollections collections = new ProjectCollections(connection.database(), "p-1");

            assertThat(collections.entities().getTimeout(TimeUnit.MILLISECONDS)).isNull();
            assertThat(collections.blobs().getTimeout(TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
