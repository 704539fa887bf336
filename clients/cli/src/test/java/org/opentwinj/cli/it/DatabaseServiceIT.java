package org.opentwinj.cli.it;

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
        OpenTwinProcess process = OpenTwinProcess.start(work, Map.of(), "run", "database",
                "--service-url", "https://localhost:" + httpsPort, "--cert", pki.cert("database").toString(),
                "--key", pki.key("database").toString(), "--ca", pki.caFile().toString(),
                "--database-dir", work.resolve("db").toString(), "--database-port", Integer.toString(wirePort));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> process.logged("database ready at") || !process.isAlive());
        assertThat(process.isAlive()).as("database started: %s", process.stdout()).isTrue();
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
            try (DatabaseConnection connection = DatabaseConnection.open(url, Duration.ofSeconds(10), pki.material("client").clientContext())) {
                connection.database().getCollection("projects").insertOne(new Document("_id", "p1").append("name", "Antenna"));
            }
            database.terminate();
            assertThat(database.waitForExit(Duration.ofSeconds(30))).isEqualTo(ExitCode.OK.code());
        }
        try (OpenTwinProcess database = startDatabase(pki, httpsPort, wirePort);
                DatabaseConnection connection = DatabaseConnection.open(url, Duration.ofSeconds(10), pki.material("client").clientContext())) {
            Document project = connection.database().getCollection("projects").find(new Document("_id", "p1")).first();
            assertThat(project).isNotNull();
            assertThat(project.getString("name")).isEqualTo("Antenna");
            database.terminate();
            assertThat(database.waitForExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void busyWirePortIsPortInUse() throws Exception {
        TestCertificates pki = new TestCertificates(work.resolve("pki"));
        pki.issue("database", "localhost", "127.0.0.1");
        try (ServerSocket taken = new ServerSocket(0);
                OpenTwinProcess database = OpenTwinProcess.start(work, Map.of(), "run", "database",
                        "--service-url", "https://localhost:" + ExitCodesIT.freePort(), "--cert", pki.cert("database").toString(),
                        "--key", pki.key("database").toString(), "--ca", pki.caFile().toString(),
                        "--database-dir", work.resolve("db").toString(), "--database-port", Integer.toString(taken.getLocalPort()))) {
            assertThat(database.waitForExit(Duration.ofSeconds(60))).isEqualTo(ExitCode.PORT_IN_USE.code());
            assertThat(database.stderr()).contains("cannot bind the database port");
        }
    }
}
