package org.opentwinj.bench.model;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.opentwinj.bench.support.Harness;
import org.opentwinj.bench.support.MachineInfo;
import org.opentwinj.bench.support.RunDirectory;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.services.database.DurableH2Backend;
import org.opentwinj.services.model.ModelOptions;
import org.opentwinj.services.model.ProjectModel;
import org.opentwinj.services.model.save.EntityPut;
import org.opentwinj.services.model.save.SaveRequest;

/**
 * Builds the same model history twice in one run, once with delta states (a full state every
 * {@code --full-every} versions) and once with every state full, on the embedded database
 * (mongo-java-server with its H2 file backend as the database service runs it, every write
 * committed and synced before it is answered, reached through the official driver with a
 * journaled write concern), and
 * measures save latency, load latency of random versions by a model with nothing cached, and
 * the bytes the model versions take. Saves alternate between the two configurations, so
 * drift hits both alike.
 */
public final class ModelBenchmark {
    static final int FOLDERS = 100;
    /** Saves measured only after this many per configuration, once the JIT has compiled the save path. */
    static final int WARM_UP_SAVES = 50;

    private static final Harness<BenchOptions> HARNESS = new Harness<>(
            "model-bench",
            ModelBenchmark.class,
            () -> "run.sh [--entities N] [--versions N] [--changes N] [--loads N] [--full-every N] [--seed N]",
            BenchOptions::parse,
            options -> null,
            "failures",
            ModelBenchmark::benchmark);

    private ModelBenchmark() {}

    public static void main(String[] args) {
        System.exit(HARNESS.execute(List.of(args)));
    }

    /** Both histories on a fresh embedded database in a run directory; a failed save or load fails the run. */
    private static Harness.Outcome benchmark(BenchOptions options, String command) throws IOException {
        // The database file lives in the run directory; both go at the end, also on Ctrl-C.
        try (RunDirectory run = RunDirectory.create("model-bench", false)) {
            String load = MachineInfo.loadAverage();
            // The embedded database as the platform runs it: every write committed and synced before its reply.
            MongoServer server =
                    new MongoServer(DurableH2Backend.open(run.path().resolve("bench.mv.db")));
            run.add(server::shutdownNow);
            InetSocketAddress address = server.bind();
            try (DatabaseConnection connection = DatabaseConnection.open(
                    "mongodb://127.0.0.1:" + address.getPort() + "/bench", Duration.ofSeconds(10))) {
                Report report = run(connection.database(), options);
                return new Harness.Outcome(report.markdown(options, load, MachineInfo.loadAverage(), command), 0);
            }
        }
    }

    static Report run(MongoDatabase database, BenchOptions options) {
        Config delta = new Config(
                "delta (full every " + options.fullEvery() + ")",
                "delta",
                new ModelOptions(4 * 1024 * 1024, options.fullEvery(), Duration.ofMinutes(2), 16));
        Config full = new Config(
                "full (every version)", "full", new ModelOptions(4 * 1024 * 1024, 1, Duration.ofMinutes(2), 16));
        List<Config> configs = List.of(delta, full);
        for (Config config : configs) {
            config.model = new ProjectModel(database, config.project, config.options, Clock.systemUTC()).open();
            long start = System.nanoTime();
            config.model.save("bench", firstVersion(options));
            config.firstSaveNanos = System.nanoTime() - start;
        }
        Random random = new Random(options.seed());
        for (int version = 2; version <= options.versions(); version++) {
            SaveRequest change = change(version - 1, options, random);
            // Alternate which configuration saves first.
            List<Config> order = version % 2 == 0 ? configs : configs.reversed();
            for (Config config : order) {
                long start = System.nanoTime();
                config.model.save("bench", change);
                long took = System.nanoTime() - start;
                if (version - 1 > WARM_UP_SAVES) {
                    config.saves.recordValue(took / 1000);
                }
            }
            if (version % 100 == 0) {
                System.err.println("model-bench: " + version + " of " + options.versions() + " versions saved");
            }
        }
        long[] versions =
                random.longs(options.loads(), 1, options.versions() + 1).toArray();
        for (int i = 0; i < versions.length; i++) {
            List<Config> order = i % 2 == 0 ? configs : configs.reversed();
            for (Config config : order) {
                // A new model: nothing resolved is cached, as after a restart or for an old version.
                ProjectModel cold = new ProjectModel(database, config.project, config.options, Clock.systemUTC());
                long start = System.nanoTime();
                cold.at(versions[i]);
                long resolved = System.nanoTime();
                int size = cold.entities(versions[i]).size();
                long loaded = System.nanoTime();
                config.resolves.recordValue((resolved - start) / 1000);
                config.loads.recordValue((loaded - start) / 1000);
                if (size != options.entities()) {
                    throw new IllegalStateException(
                            config.name + " version " + versions[i] + " has " + size + " entities");
                }
            }
        }
        for (Config config : configs) {
            config.stateBytes = bsonBytes(config.model.collections().states());
            config.entityBytes = bsonBytes(config.model.collections().entities());
            config.fullStates = config.model.collections().states().countDocuments(new Document("full", true));
        }
        return new Report(delta, full);
    }

    /** The first version: FOLDERS folders and the rest geometry entities spread over them. */
    static SaveRequest firstVersion(BenchOptions options) {
        List<EntityPut> puts = new ArrayList<>();
        for (int f = 0; f < FOLDERS; f++) {
            puts.add(new EntityPut("f" + f, "folder", "Folder " + f, null, null, null, null, null, null));
        }
        for (int e = FOLDERS; e < options.entities(); e++) {
            puts.add(entity(e, 0));
        }
        return new SaveRequest(0, "first version", puts, null);
    }

    /** A version that changes {@code changes} random geometry entities. */
    static SaveRequest change(long on, BenchOptions options, Random random) {
        List<EntityPut> puts = new ArrayList<>();
        Set<Integer> chosen = new LinkedHashSet<>();
        while (chosen.size() < options.changes()) {
            chosen.add(FOLDERS + random.nextInt(options.entities() - FOLDERS));
        }
        for (int e : chosen) {
            puts.add(entity(e, on));
        }
        return new SaveRequest(on, "change", puts, null);
    }

    /** A geometry entity of about 300 bytes, its properties depending on the version. */
    static EntityPut entity(int index, long version) {
        var properties = Json.object()
                .put("shape", "box")
                .put("unit", "mm")
                .put("revision", version)
                .put("material", "copper");
        properties.putArray("origin").add(index % 97).add(index % 89).add(version % 83);
        properties.putArray("size").add(1.5).add(2.5).add(0.035 * (1 + version % 7));
        return new EntityPut(
                "g" + index, "geometry", "Part " + index, "f" + (index % FOLDERS), properties, null, null, null, null);
    }

    /** Documents per batch when the stored bytes are counted. */
    private static final int BYTES_BATCH = 16;

    private static long bsonBytes(MongoCollection<Document> collection) {
        long total = 0;
        // Small batches: the embedded server answers a getMore with everything that is left, in one
        // message, and a project's full states quickly pass the driver's 48 MB message limit.
        for (RawBsonDocument document :
                collection.withDocumentClass(RawBsonDocument.class).find().batchSize(BYTES_BATCH)) {
            total += document.getByteBuffer().remaining();
        }
        return total;
    }

    /** One configuration's project and figures. */
    static final class Config {
        final String name;
        final String project;
        final ModelOptions options;
        final Histogram saves = new Histogram(3_600_000_000L, 3);
        final Histogram resolves = new Histogram(3_600_000_000L, 3);
        final Histogram loads = new Histogram(3_600_000_000L, 3);
        ProjectModel model;
        long firstSaveNanos;
        long stateBytes;
        long entityBytes;
        long fullStates;

        Config(String name, String project, ModelOptions options) {
            this.name = name;
            this.project = project;
            this.options = options;
        }
    }
}
