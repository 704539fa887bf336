package org.opentwinj.services.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database answers a write only once it is committed to its file and synced. */
class DurableH2BackendTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void registerFileSystem() {
        SyncCountingFilePath.register();
    }

    @Test
    void everyAcknowledgedWriteIsSyncedBeforeTheReplyAndReadsSyncNothing() {
        DurableH2Backend backend =
                DurableH2Backend.open(SyncCountingFilePath.SCHEME + ":" + dir.resolve("synced.mv.db"));
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = client(address)) {
            MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
            for (int i = 0; i < 20; i++) {
                long syncs = SyncCountingFilePath.SYNCS.get();
                things.insertOne(new Document("_id", i).append("n", i));
                assertSynced(syncs, "insert " + i);
            }
            long syncs = SyncCountingFilePath.SYNCS.get();
            things.updateOne(Filters.eq("_id", 3), Updates.set("n", 33));
            assertSynced(syncs, "update");
            syncs = SyncCountingFilePath.SYNCS.get();
            things.findOneAndUpdate(Filters.eq("_id", 4), Updates.set("n", 44));
            assertSynced(syncs, "findAndModify");
            syncs = SyncCountingFilePath.SYNCS.get();
            things.deleteOne(Filters.eq("_id", 5));
            assertSynced(syncs, "delete");

            syncs = SyncCountingFilePath.SYNCS.get();
            long commits = backend.commits();
            assertThat(things.countDocuments()).isEqualTo(19);
            assertThat(things.find(Filters.eq("_id", 3)).first()).containsEntry("n", 33);
            assertThat(SyncCountingFilePath.SYNCS.get())
                    .as("reads sync nothing")
                    .isEqualTo(syncs);
            assertThat(backend.commits()).as("reads commit nothing").isEqualTo(commits);
        } finally {
            server.shutdownNow();
        }
    }

    private static void assertSynced(long syncsBefore, String write) {
        assertThat(SyncCountingFilePath.SYNCS.get())
                .as("a sync after the %s", write)
                .isGreaterThan(syncsBefore);
        assertThat(SyncCountingFilePath.SYNCED.get())
                .as("every byte written before the %s was answered is synced", write)
                .isEqualTo(SyncCountingFilePath.WRITTEN.get());
    }

    /**
     * Writers on several connections, then SIGKILL of the database process right after the last
     * acknowledgement: reopened, the file holds every acknowledged document. (With the library's
     * default background commit, about once a second, the last second's writes were lost.)
     */
    @Test
    void acknowledgedWritesSurviveSigkillOfTheDatabaseProcess() throws Exception {
        Path file = dir.resolve("killed.mv.db");
        Process database = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KillableDatabase.class.getName(),
                        file.toString())
                .redirectErrorStream(true)
                .start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            int port = port(database);
            try (MongoClient client = client(new InetSocketAddress("localhost", port))) {
                MongoCollection<Document> things = client.getDatabase("test").getCollection("things");
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    writers.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < 100; i++) {
                            String id = writer + "-" + i;
                            things.insertOne(new Document("_id", id).append("payload", "x".repeat(200)));
                            acknowledged.add(id);
                        }
                    }));
                }
                for (Thread writer : writers) {
                    writer.join();
                }
                // At once after the last acknowledgement: no background commit can have run since.
                database.destroyForcibly();
                assertThat(database.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            database.destroyForcibly();
        }
        assertThat(acknowledged).hasSize(400);

        DurableH2Backend reopened = DurableH2Backend.open(file);
        MongoServer server = new MongoServer(reopened);
        InetSocketAddress address = server.bind();
        try (MongoClient client = client(address)) {
            Set<String> found = new HashSet<>();
            client.getDatabase("test").getCollection("things").find().forEach(d -> found.add(d.getString("_id")));
            assertThat(found).as("every acknowledged write after the kill").containsAll(acknowledged);
        } finally {
            server.shutdownNow();
        }
    }

    private static int port(Process database) throws Exception {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(database.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("port ")) {
                // Keep the pipe drained, so the child never blocks on a full one.
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
                return Integer.parseInt(line.substring(5).strip());
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the database process ended before it listened:\n" + seen);
    }

    private static MongoClient client(InetSocketAddress address) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyToClusterSettings(
                        b -> b.hosts(List.of(new ServerAddress(address.getHostString(), address.getPort())))
                                .serverSelectionTimeout(20, TimeUnit.SECONDS))
                .writeConcern(WriteConcern.JOURNALED)
                .build());
    }
}
