package org.opentwinj.platform.launcher.pool;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.bson.Document;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.CommonSettings;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database part of a pooled JVM's warm-up: when it may become a service that needs the
 * database (the Model), it opens connections to the platform's database as that service will
 * (same driver, same TLS), pings it and reads a collection nobody writes, then closes them. The
 * first connection of a JVM costs about 0.4 s of class loading and first runs of the driver
 * (measured: 360 ms against 30 ms for the second); a warmed JVM pays the second.
 *
 * <p>Reads only: the warm-up never writes to the platform's database. It presents its
 * throw-away warm-up certificate, which a database that authenticates clients by certificate
 * refuses: the warm-up then fails, is logged, and the service opens its connection cold.
 */
final class DatabaseWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWarmup.class);
    /** A collection no service uses: finds there return nothing and create nothing. */
    static final String COLLECTION = "pool_warmup";
    /** Reads per connection, so that the command path, the codecs and the connection pool run a few times. */
    static final int READS = 10;
    /**
     * Connections opened one after the other: the service's own is a new one (a new client, its
     * monitor, a full TLS handshake), whose code paths need a few runs before they are fast
     * (measured: 360 ms for a JVM's first, 30, 22 and 16 ms for the next three).
     */
    static final int CONNECTIONS = 3;

    private DatabaseWarmup() {}

    /**
     * The URL to warm up against: the database URL of the environment, when one of the services
     * the JVM may become needs a database.
     */
    static Optional<String> urlFor(List<ServiceDefinition> services, Map<String, String> environment) {
        if (services.stream().noneMatch(ServiceDefinition::requiresDatabase)) {
            return Optional.empty();
        }
        return Optional.ofNullable(environment.get(CommonSettings.DATABASE_URL.environmentVariable()))
                .filter(url -> !url.isBlank());
    }

    /**
     * Connects, pings and reads; never throws.
     *
     * @param url      the database URL
     * @param warmUp   the warm-up's own key and certificate, presented if the database asks
     * @param caBundle the platform's CA certificates, which the database's certificate must chain
     *                 to for a {@code tls=true} URL (empty: the JDK's default trust)
     * @param timeout  how long to wait for the database
     * @return whether every read was answered
     */
    static boolean run(String url, TlsMaterial warmUp, Optional<Path> caBundle, Duration timeout) {
        long started = System.nanoTime();
        try {
            SSLContext tls = caBundle.map(
                            bundle -> new TlsMaterial(warmUp.key(), warmUp.chain(), PemFiles.readCertificates(bundle))
                                    .clientContext())
                    .orElse(null);
            String redacted = url;
            for (int connection = 0; connection < CONNECTIONS; connection++) {
                try (DatabaseConnection database = DatabaseConnection.open(url, timeout, timeout, tls)) {
                    redacted = database.redactedUrl();
                    MongoCollection<Document> collection = database.database().getCollection(COLLECTION);
                    for (int i = 0; i < READS; i++) {
                        collection.find(Filters.eq("_id", "warm-up-" + i)).first();
                        collection.countDocuments(Filters.eq("kind", "warm-up"));
                    }
                }
            }
            LOG.info(
                    "database {} warmed up in {} ms ({} connections, {} reads each)",
                    redacted,
                    (System.nanoTime() - started) / 1_000_000,
                    CONNECTIONS,
                    READS * 2);
            return true;
        } catch (ExitException e) {
            // Expected now and then (a database that is down, or that refuses the warm-up's certificate).
            LOG.warn(
                    "the database warm-up failed after {} ms; the service will open its connection cold: {}",
                    (System.nanoTime() - started) / 1_000_000,
                    e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.warn(
                    "the database warm-up failed after {} ms; the service will open its connection cold",
                    (System.nanoTime() - started) / 1_000_000,
                    e);
            return false;
        }
    }
}
