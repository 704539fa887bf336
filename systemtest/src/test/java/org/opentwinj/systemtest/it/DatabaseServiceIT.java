package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.storage.DatabaseConnection;

/** The embedded database as its own process: TLS on the wire, data kept across restarts. */
class DatabaseServiceIT {
    @TempDir
    Path work;

    private OpenTwinProcess startDatabase(TestCertificates pki, int httpsPort, int wirePort) throws Exception {
        OpenTwinProcess process = OpenTwinProcess.start(
                work,
                Map.of(),
                "run",
                "database",
                "--service-url",
                "https://localhost:" + httpsPort,
                "--cert",
                pki.cert("database").toString(),
                "--key",
                pki.key("database").toString(),
                "--ca",
                pki.caFile().toString(),
                "--database-dir",
                work.resolve("db").toString(),
                "--database-port",
                Integer.toString(wirePort));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> process.logged("database ready at") || !process.isAlive());
        assertThat(process.isAlive())
                .as("database started: %s", process.stdout())
                .isTrue();
        return process;
    }

    @Test
    void officialDriverOverTlsAndDataSurvivesARestart() throws Exception {
        TestCertificates pki = new TestCertificates(work.resolve("pki"));
        pki.issue("database", "localhost", "127.0.0.1");
        pki.issue("client", "localhost");
        int httpsPort = ExitCodesIT.freePort();
        int wirePort = ExitCodesIT.freePort();
        String url = "mongodb://localhost:" + wirePort + "/opentwin?tls=true";

        try (OpenTwinProcess database = startDatabase(pki, httpsPort, wirePort)) {
            try (DatabaseConnection connection = DatabaseConnection.open(
                    url, Duration.ofSeconds(10), pki.material("client").clientContext())) {
                connection.database().getCollection("projects").insertOne(everyValueType());
                // Enough documents that the store reads pages lazily after the restart, when
                // the service's deserialization filter is in force.
                connection
                        .database()
                        .getCollection("entities")
                        .insertMany(java.util.stream.IntStream.range(0, 3000)
                                .mapToObj(i -> new Document("_id", i).append("name", "entity " + i))
                                .toList());
            }
            database.terminate();
            assertThat(database.waitForExit(Duration.ofSeconds(30))).isEqualTo(ExitCode.OK.code());
        }
        try (OpenTwinProcess database = startDatabase(pki, httpsPort, wirePort);
                DatabaseConnection connection = DatabaseConnection.open(
                        url, Duration.ofSeconds(10), pki.material("client").clientContext())) {
            Document project = connection
                    .database()
                    .getCollection("projects")
                    .find(new Document("_id", "p1"))
                    .first();
            assertThat(project).isNotNull();
            // Every value type survives: the H2 backend stores documents with Java serialization,
            // which Helidon's JVM-wide deserialization filter refuses unless allowed.
            assertThat(project).isEqualTo(everyValueType());
            assertThat(connection.database().getCollection("entities").find().into(new java.util.ArrayList<>()))
                    .hasSize(3000)
                    .contains(new Document("_id", 2999).append("name", "entity 2999"));
            database.terminate();
            assertThat(database.waitForExit(Duration.ofSeconds(30))).isZero();
        }
    }

    private static Document everyValueType() {
        return new Document("_id", "p1")
                .append("name", "Antenna")
                .append("version", 3)
                .append("size", 1L << 40)
                .append("ratio", 0.25)
                .append("shared", true)
                .append("created", new java.util.Date(1_700_000_000_000L))
                .append("tags", java.util.List.of("rf", "3d"))
                .append("owner", new Document("user", "admin").append("since", 2))
                .append("blob", new org.bson.types.Binary(new byte[] {1, 2, 3}))
                .append("oid", new org.bson.types.ObjectId("65a1b2c3d4e5f60718293a4b"))
                .append("price", org.bson.types.Decimal128.parse("12.50"))
                .append("none", null);
    }

    @Test
    void busyWirePortIsPortInUse() throws Exception {
        TestCertificates pki = new TestCertificates(work.resolve("pki"));
        pki.issue("database", "localhost", "127.0.0.1");
        try (ServerSocket taken = new ServerSocket(0);
                OpenTwinProcess database = OpenTwinProcess.start(
                        work,
                        Map.of(),
                        "run",
                        "database",
                        "--service-url",
                        "https://localhost:" + ExitCodesIT.freePort(),
                        "--cert",
                        pki.cert("database").toString(),
                        "--key",
                        pki.key("database").toString(),
                        "--ca",
                        pki.caFile().toString(),
                        "--database-dir",
                        work.resolve("db").toString(),
                        "--database-port",
                        Integer.toString(taken.getLocalPort()))) {
            assertThat(database.waitForExit(Duration.ofSeconds(60))).isEqualTo(ExitCode.PORT_IN_USE.code());
            assertThat(database.stderr()).contains("cannot bind the database port");
        }
    }
}
