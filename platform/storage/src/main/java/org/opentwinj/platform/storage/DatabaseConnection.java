package org.opentwinj.platform.storage;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.bson.Document;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * A connection to the MongoDB given by {@code --database-url}, checked with a ping when it
 * opens so that a wrong URL stops the service at once with a clear reason instead of
 * failing on the first request. Works the same against a real MongoDB and the embedded
 * wire-compatible server.
 */
public final class DatabaseConnection implements AutoCloseable {
    /** The database used when the connection string names none. */
    public static final String DEFAULT_DATABASE = "opentwin";

    private final MongoClient client;
    private final MongoDatabase database;
    private final String redactedUrl;
    private final Duration operationTimeout;

    private DatabaseConnection(
            MongoClient client, MongoDatabase database, String redactedUrl, Duration operationTimeout) {
        this.client = client;
        this.database = database;
        this.redactedUrl = redactedUrl;
        this.operationTimeout = operationTimeout;
    }

    /**
     * Opens a connection whose operations wait for the database as long as it takes (for tools
     * and tests; services give an operation timeout, see {@link #open(String, Duration, Duration, SSLContext)}).
     *
     * @param url     a MongoDB connection string
     * @param timeout how long to wait for a server before giving up
     * @throws ExitException {@link ExitCode#INVALID_CONFIGURATION} for a malformed URL,
     *     {@link ExitCode#DATABASE_UNREACHABLE} when no server answers the ping in time
     */
    public static DatabaseConnection open(String url, Duration timeout) {
        return open(url, timeout, null);
    }

    /**
     * Like {@link #open(String, Duration)}; when the URL asks for TLS ({@code tls=true}), the
     * given context is used, so the server certificate must chain to the platform's CA and
     * cover the host in the URL.
     *
     * @param tls the TLS context for {@code tls=true} URLs, or null for the JDK's defaults
     */
    public static DatabaseConnection open(String url, Duration timeout, SSLContext tls) {
        return open(url, timeout, null, tls);
    }

    /**
     * Like {@link #open(String, Duration, SSLContext)}, with a bound on every operation: a read
     * or write that the database does not finish within {@code operationTimeout} (from the
     * moment it is issued, waiting for a connection included) fails with the driver's
     * {@link com.mongodb.MongoOperationTimeoutException}, which {@link DatabaseErrors} turns into
     * a 503. Without it a stalled database (a stopped process, a full disk, a network partition
     * that drops packets) holds every request on a socket read that never ends.
     *
     * <p>The bound is the driver's client-side operation timeout ({@code timeoutMS}): the
     * driver enforces it itself (server selection, connection checkout, socket reads), so it
     * works against a server that ignores {@code maxTimeMS}, and it covers an operation that
     * was already waiting when the database stopped answering. No socket read timeout is set
     * besides: under {@code timeoutMS} the driver derives its socket timeouts from the time
     * left and ignores that setting. The opening ping is bounded by {@code timeout} instead, so
     * that a service may wait longer for its database at start than for any single operation
     * later. Work that is long on purpose opts out: see {@link LongCursors}.
     *
     * @param operationTimeout the bound on each operation, or null for none
     */
    public static DatabaseConnection open(String url, Duration timeout, Duration operationTimeout, SSLContext tls) {
        ConnectionString connection;
        try {
            connection = new ConnectionString(url);
        } catch (IllegalArgumentException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "invalid --database-url: " + e.getMessage());
        }
        String redacted = redact(connection);
        MongoClientSettings.Builder builder =
                MongoClientSettings.builder().applyConnectionString(connection).writeConcern(journaled(connection));
        if (operationTimeout != null) {
            builder.timeout(operationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        MongoClientSettings settings = builder.applyToClusterSettings(
                        b -> b.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b ->
                        b.connectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()), TimeUnit.MILLISECONDS))
                .applyToSslSettings(b -> {
                    if (tls != null && Boolean.TRUE.equals(connection.getSslEnabled())) {
                        b.enabled(true).context(tls);
                    }
                })
                .build();
        MongoClient client = MongoClients.create(settings);
        String name = connection.getDatabase() == null ? DEFAULT_DATABASE : connection.getDatabase();
        MongoDatabase database = client.getDatabase(name);
        try {
            database.withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).runCommand(new Document("ping", 1));
        } catch (MongoException e) {
            client.close();
            throw new ExitException(
                    ExitCode.DATABASE_UNREACHABLE,
                    "database " + redacted + " unreachable within " + timeout.toMillis() + " ms: "
                            + firstLine(e.getMessage()),
                    e);
        }
        return new DatabaseConnection(client, database, redacted, operationTimeout);
    }

    /**
     * Every write the platform acknowledges must survive a crash of the database right after:
     * the server answers a write only once it is in its journal (MongoDB) or its file store is
     * committed and synced (the embedded database). The URL may ask for more ({@code w=majority}),
     * which is kept, with the journal added; it may not ask for less.
     *
     * @throws ExitException {@link ExitCode#INVALID_CONFIGURATION} for a URL that asks for
     *     unacknowledged ({@code w=0}) or unjournaled ({@code journal=false}) writes
     */
    static WriteConcern journaled(ConnectionString connection) {
        WriteConcern asked = connection.getWriteConcern();
        if (asked == null) {
            return WriteConcern.JOURNALED;
        }
        if (!asked.isAcknowledged() || Boolean.FALSE.equals(asked.getJournal())) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "--database-url asks for writes that are not journaled ("
                            + asked.asDocument().toJson()
                            + "): the platform acknowledges only writes that survive a crash of the database;"
                            + " remove w=0 and journal=false from the URL");
        }
        return asked.withJournal(true);
    }

    public MongoDatabase database() {
        return database;
    }

    /** The bound on each operation, if one was given. */
    public Optional<Duration> operationTimeout() {
        return Optional.ofNullable(operationTimeout);
    }

    /** The URL with any password removed, safe to log. */
    public String redactedUrl() {
        return redactedUrl;
    }

    /** Whether a ping succeeds now; for readiness checks. */
    public boolean ping() {
        try {
            database.runCommand(new Document("ping", 1));
            return true;
        } catch (MongoException e) {
            return false;
        }
    }

    static String redact(ConnectionString connection) {
        String hosts = String.join(",", connection.getHosts());
        String user = connection.getUsername() == null ? "" : connection.getUsername() + ":****@";
        String database = connection.getDatabase() == null ? "" : "/" + connection.getDatabase();
        return (connection.isSrvProtocol() ? "mongodb+srv://" : "mongodb://") + user + hosts + database;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        client.close();
    }
}
