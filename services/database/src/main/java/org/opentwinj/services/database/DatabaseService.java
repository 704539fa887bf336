package org.opentwinj.services.database;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local level's database: a MongoDB wire-compatible server (mongo-java-server) keeping
 * its data in one H2 file under the data directory, speaking TLS with the service's own
 * certificate. It answers a write only once the write is committed to the file and synced
 * ({@link DurableH2Backend}), so an acknowledged write survives a kill or a power loss. Services reach it with the official MongoDB driver exactly as they reach a
 * real MongoDB. Like every service it also has the HTTPS endpoints: health, readiness,
 * metrics and graceful shutdown.
 */
public final class DatabaseService implements ServiceDefinition {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseService.class);

    static final Setting<Integer> PORT =
            Setting.of("database-port", "port of the MongoDB wire protocol", 27018, ValueParsers.integer(1, 65535));
    static final Setting<Path> DIRECTORY =
            Setting.of("database-dir", "directory of the database file (created if missing)", null, ValueParsers.PATH);
    static final Setting<Boolean> TLS = Setting.of(
            "database-tls", "speak TLS on the wire port with the service's certificate", true, ValueParsers.BOOLEAN);
    static final String FILE_NAME = "opentwin.mv.db";

    @Override
    public String name() {
        return "database";
    }

    @Override
    public String description() {
        return "Embedded database: MongoDB wire protocol, data in an H2 file (local level).";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(PORT, DIRECTORY, TLS);
    }

    @Override
    public void start(ServiceContext context) {
        Path directory = context.settings().require(DIRECTORY).toAbsolutePath();
        int port = context.settings().get(PORT);
        String host = context.config().bindHost();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "cannot create --database-dir " + directory + ": " + e.getMessage(),
                    e);
        }
        // Every write is committed and synced before it is answered (a journaled write concern).
        DurableH2Backend backend = DurableH2Backend.open(directory.resolve(FILE_NAME));
        // Closing the backend closes the file cleanly: it runs after the server stopped.
        context.onShutdown(backend::close);
        MongoServer server = new MongoServer(backend);
        if (context.settings().get(TLS)) {
            List<X509Certificate> chain = context.tls().chain();
            server.enableSsl(context.tls().key(), null, chain.toArray(X509Certificate[]::new));
        }
        try {
            server.bind(host, port);
        } catch (Exception e) {
            // Netty throws java.net.BindException unchecked-style through bind(): catch broadly.
            backend.close();
            throw bindFailure(host, port, e);
        }
        context.onShutdown(server::shutdown);
        context.addReadinessCheck(() -> accepts(host, port)
                ? Optional.empty()
                : Optional.of("the database port " + port + " does not accept connections"));
        context.addReadinessCheck(() -> backend.isWritable()
                ? Optional.empty()
                : Optional.of("the database file " + directory.resolve(FILE_NAME)
                        + " could not be written and was closed (see the log)"));
        LOG.info(
                "database listening on {}:{} ({}), data in {}",
                host,
                port,
                context.settings().get(TLS) ? "TLS" : "plain",
                directory.resolve(FILE_NAME));
    }

    private static RuntimeException bindFailure(String host, int port, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return new ExitException(
                        ExitCode.PORT_IN_USE,
                        "cannot bind the database port " + host + ":" + port + ": " + t.getMessage(),
                        e);
            }
        }
        return new IllegalStateException("the database server did not start on " + host + ":" + port, e);
    }

    private static boolean accepts(String host, int port) {
        String target = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
