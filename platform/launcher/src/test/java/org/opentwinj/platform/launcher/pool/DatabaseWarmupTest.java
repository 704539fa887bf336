package org.opentwinj.platform.launcher.pool;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.pki.bootstrap.StartupCertificates;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.storage.DatabaseConnection;

/** A pooled JVM's database warm-up against a real wire-protocol server speaking TLS. */
class DatabaseWarmupTest {
    private static final CertificateAuthority PLATFORM_CA =
            CertificateAuthority.create(CertificateRequest.of("platform CA", List.of()), Duration.ofDays(1));
    private static final CertificateAuthority OTHER_CA =
            CertificateAuthority.create(CertificateRequest.of("another CA", List.of()), Duration.ofDays(1));

    @TempDir
    Path work;

    private MongoServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    /** A database whose certificate the platform's CA issued, as the embedded database's is. */
    private String tlsDatabase(MemoryBackend backend) {
        TlsMaterial database = StartupCertificates.issue(
                PLATFORM_CA, "database", List.of("127.0.0.1"), Usage.PEER, Duration.ofHours(1));
        server = new MongoServer(backend);
        server.enableSsl(database.key(), null, database.chain().toArray(X509Certificate[]::new));
        server.bind("127.0.0.1", 0);
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/opentwin?tls=true";
    }

    private Path bundle(CertificateAuthority ca) throws IOException {
        return Files.writeString(
                work.resolve("ca-" + ca.hashCode() + ".pem"), PemFiles.toPem(List.of(ca.certificate())));
    }

    private static TlsMaterial warmUpIdentity() {
        CertificateAuthority throwAway =
                CertificateAuthority.create(CertificateRequest.of("warm-up CA", List.of()), Duration.ofHours(2));
        return StartupCertificates.issue(
                throwAway, "pool-warm-up", List.of("127.0.0.1"), Usage.PEER, Duration.ofHours(1));
    }

    @Test
    void readsFromADatabaseWhoseCertificateChainsToThePlatformsCaAndWritesNothing() throws IOException {
        MemoryBackend backend = new MemoryBackend();
        String url = tlsDatabase(backend);

        TlsMaterial identity = warmUpIdentity();
        boolean warmed = DatabaseWarmup.run(url, identity, Optional.of(bundle(PLATFORM_CA)), Duration.ofSeconds(10));

        assertThat(warmed).isTrue();
        TlsMaterial checker = new TlsMaterial(identity.key(), identity.chain(), List.of(PLATFORM_CA.certificate()));
        try (DatabaseConnection check = DatabaseConnection.open(url, Duration.ofSeconds(10), checker.clientContext())) {
            assertThat(check.database().listCollectionNames()).as("reads only").isEmpty();
        }
    }

    @Test
    void aDatabaseWithACertificateOfAnotherCaIsRefusedAndTheWarmUpReportsItWithoutThrowing() throws IOException {
        String url = tlsDatabase(new MemoryBackend());

        assertThat(DatabaseWarmup.run(url, warmUpIdentity(), Optional.of(bundle(OTHER_CA)), Duration.ofSeconds(2)))
                .isFalse();
    }

    @Test
    void onlyJvmsThatMayBecomeAServiceWithADatabaseWarmItUp() {
        Map<String, String> environment = Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://db:27017/opentwin");

        assertThat(DatabaseWarmup.urlFor(List.of(service("echo", false)), environment))
                .isEmpty();
        assertThat(DatabaseWarmup.urlFor(List.of(service("echo", false), service("model", true)), environment))
                .contains("mongodb://db:27017/opentwin");
        assertThat(DatabaseWarmup.urlFor(List.of(service("model", true)), Map.of()))
                .as("no URL given")
                .isEmpty();
    }

    private static ServiceDefinition service(String name, boolean database) {
        return new ServiceDefinition() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "a service for tests";
            }

            @Override
            public boolean requiresDatabase() {
                return database;
            }

            @Override
            public void start(ServiceContext context) {}
        };
    }
}
