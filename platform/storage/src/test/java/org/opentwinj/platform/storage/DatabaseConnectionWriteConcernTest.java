package org.opentwinj.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/** Every connection writes with a journaled write concern, whatever the URL says short of refusing it. */
class DatabaseConnectionWriteConcernTest {
    @Test
    void aUrlWithoutWriteConcernGetsTheJournaledOne() {
        assertThat(DatabaseConnection.journaled(new ConnectionString("mongodb://db:27017/opentwin")))
                .isEqualTo(WriteConcern.JOURNALED);
    }

    @Test
    void aStrongerWriteConcernIsKeptAndJournaled() {
        WriteConcern concern = DatabaseConnection.journaled(
                new ConnectionString("mongodb://db:27017/opentwin?w=majority&wtimeoutMS=5000"));
        assertThat(concern.getWString()).isEqualTo("majority");
        assertThat(concern.getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(5000);
        assertThat(concern.getJournal()).isTrue();
    }

    @Test
    void unacknowledgedOrUnjournaledWritesAreRefusedWithAReason() {
        for (String url : new String[] {"mongodb://db/opentwin?w=0", "mongodb://db/opentwin?journal=false"}) {
            assertThatThrownBy(() -> DatabaseConnection.journaled(new ConnectionString(url)))
                    .isInstanceOf(ExitException.class)
                    .hasMessageContaining("not journaled")
                    .satisfies(
                            e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION));
        }
    }

    @Test
    void theOpenedClientWritesJournaled() {
        MongoServer server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        try (DatabaseConnection connection =
                DatabaseConnection.open("mongodb://127.0.0.1:" + address.getPort() + "/test", Duration.ofSeconds(10))) {
            assertThat(connection.database().getWriteConcern()).isEqualTo(WriteConcern.JOURNALED);
        } finally {
            server.shutdownNow();
        }
    }
}
