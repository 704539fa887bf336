package org.opentwinj.platform.launcher;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.session.LssPing;
import org.opentwinj.platform.launcher.session.LssWatchdog;
import org.opentwinj.platform.launcher.session.SessionMembership;
import org.opentwinj.platform.logging.JsonLogging;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.storage.DatabaseErrors;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one service in this process, from configuration to exit code: read settings once,
 * configure JSON logging, log the effective configuration, obtain the certificate, check the
 * database and peers, let the service register its actions, open the port, wait for a stop
 * signal or request, stop gracefully and run shutdown steps in reverse order.
 */
public final class ServiceLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);
    public static final String VERSION = versionOf(ServiceLauncher.class);

    private final ServiceDefinition definition;
    private final PrintStream console;

    /** @param console where the one-line reason of a failed start goes, for people at a terminal */
    public ServiceLauncher(ServiceDefinition definition, PrintStream console) {
        this.definition = definition;
        this.console = console;
    }

    /** Every setting the service takes: the common ones, then its own. */
    public static List<Setting<?>> settingsOf(ServiceDefinition definition) {
        List<Setting<?>> all = new ArrayList<>(CommonSettings.ALL);
        all.addAll(definition.settings());
        return List.copyOf(all);
    }

    /**
     * Runs the service until it is asked to stop.
     *
     * @param flags       flag values given on the command line, by setting name
     * @param environment the process environment
     * @return the exit code; never throws
     */
    public ExitCode run(Map<String, String> flags, Map<String, String> environment) {
        JsonLogging.configureForService(definition.name(), "info");
        try {
            Settings settings = Settings.resolve(settingsOf(definition), flags, environment);
            CommonConfig config = CommonConfig.from(settings, definition.name());
            if (config.session().isPresent()) {
                JsonLogging.configureForSessionService(
                        definition.name(),
                        config.logLevel(),
                        config.session().get().sessionId());
            } else {
                JsonLogging.configureForService(definition.name(), config.logLevel());
            }
            LOG.info("starting {} {} with configuration {}", definition.name(), VERSION, settings.describe());
            return runConfigured(config, settings);
        } catch (ExitException e) {
            LOG.error("{}: {}", e.exitCode(), e.getMessage(), e.getCause());
            console.println("opentwin run " + definition.name() + ": " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException | Error e) {
            String errorId = UUID.randomUUID().toString();
            try (LogContext ignored = LogContext.with(LogContext.ERROR_ID, errorId)) {
                LOG.error("internal error, stopping", e);
            }
            console.println("opentwin run " + definition.name() + ": internal error " + errorId + ": " + e);
            return ExitCode.INTERNAL_ERROR;
        }
    }

    private ExitCode runConfigured(CommonConfig config, Settings settings) {
        CompletableFuture<String> stopRequest = new CompletableFuture<>();
        StopSignals.install(stopRequest, config.stoppedByParent());
        List<AutoCloseable> resources = new ArrayList<>();
        ServiceContext context = null;
        ServiceServer server = null;
        LssWatchdog watchdog = null;
        try {
            TlsMaterial tls = CertificateSetup.obtain(definition.name(), config);
            ServiceClient client = new ServiceClient(tls.clientContext(), ClientOptions.DEFAULT);
            resources.add(client);
            // The database opens while the peers are checked: both are waits on other processes.
            CompletableFuture<DatabaseConnection> opening = CompletableFuture.supplyAsync(
                    () -> openDatabase(config, tls),
                    task -> Thread.ofPlatform().daemon().name("database-open").start(task));
            try {
                PeerCheck.awaitAll(client, peers(config), config.peerWait());
            } catch (RuntimeException e) {
                opening.thenAccept(ServiceLauncher::closeQuietly);
                throw e;
            }
            DatabaseConnection database = await(opening);
            if (database != null) {
                resources.add(database);
            }
            if (config.loggerUrl().isPresent() && !config.loggerUrl().get().equals(config.serviceUrl())) {
                // Added after the client, so it is stopped (and flushed) before the client closes.
                resources.add(LogShipping.install(client, config.loggerUrl().get(), definition.name())::stop);
            }

            ServiceInfo info = new ServiceInfo(definition.name(), VERSION, config.siteId(), config.serviceUrl());
            ActionRegistry actions = new ActionRegistry();
            SessionMembership session = config.session()
                    .map(role -> new SessionMembership(role.lssUrl(), role.sessionId(), role.serviceName(), client))
                    .orElse(null);
            BuiltInActions.register(actions, info, session);
            if (session != null) {
                session.register(actions);
            }
            context = new ServiceContext(config, settings, info, actions, client, tls, database, stopRequest, session);
            definition.start(context);
            if (config.authUrl().isPresent() && !actions.hasTokenVerifier()) {
                actions.tokenVerifier(
                        UserTokens.verifierFrom(client, config.authUrl().get(), resources::add));
            }
            if (database != null) {
                actions.exceptionTranslator(DatabaseErrors.of(database)::explain);
            }

            ServiceMetrics metrics = new ServiceMetrics(definition.name());
            resources.add(metrics);
            ServerOptions options = new ServerOptions(
                    config.bindHost(), config.port(), config.maxBodyBytes(), config.shutdownGrace(), 10_000);
            server = ServiceServer.start(
                    info,
                    options,
                    tls.serverContext(),
                    actions,
                    metrics,
                    context.readinessChecks(),
                    context.webSockets(),
                    context.httpRoutes(),
                    context.streamRoutes());
            server.stopRequested().thenAccept(peer -> stopRequest.complete("shutdown requested by " + peer));
            LOG.info("{} ready at {}", definition.name(), config.serviceUrl());
            if (session != null) {
                confirmToLss(session, config);
                watchdog = watchLss(config.session().get(), tls, session, stopRequest, resources);
            }

            String reason = stopRequest.join();
            LOG.info("stopping: {}", reason);
            return watchdog != null && watchdog.expired() ? ExitCode.LSS_GONE : ExitCode.OK;
        } catch (ExitException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(definition.name() + " failed to start: " + e.getMessage(), e);
        } finally {
            if (context != null) {
                runAll(context.stoppingSteps());
            }
            if (server != null) {
                server.stop();
            }
            if (context != null) {
                runAll(context.shutdownSteps());
            }
            runAll(resources.reversed());
        }
    }

    /** A session service nobody knows is an orphan: it stops rather than run unsupervised. */
    private static void confirmToLss(SessionMembership session, CommonConfig config) {
        try {
            session.confirm(config.serviceUrl());
        } catch (PeerCallException e) {
            throw new ExitException(
                    ExitCode.PEER_UNREACHABLE,
                    "the LSS did not accept this service for session " + session.sessionId() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Starts the watchdog that stops this session service once its LSS has been gone for the grace period. */
    private static LssWatchdog watchLss(
            CommonConfig.SessionRole role,
            TlsMaterial tls,
            SessionMembership session,
            CompletableFuture<String> stopRequest,
            List<AutoCloseable> resources) {
        Duration probeTimeout = Duration.ofSeconds(2);
        ServiceClient probeClient = new ServiceClient(
                tls.clientContext(), new ClientOptions(probeTimeout, probeTimeout, 1, Duration.ofMillis(100)));
        resources.add(probeClient);
        LssWatchdog watchdog = new LssWatchdog(
                role.lssUrl(),
                new LssPing(probeClient, role.lssUrl()),
                role.stopWithoutLss(),
                Clock.systemUTC(),
                () -> stopRequest.complete("its LSS at " + role.lssUrl() + " did not answer for "
                        + role.stopWithoutLss().toSeconds() + " s"));
        resources.add(watchdog);
        session.onRun(run -> watchdog.contact());
        watchdog.start();
        return watchdog;
    }

    private DatabaseConnection openDatabase(CommonConfig config, TlsMaterial tls) {
        if (config.databaseUrl().isEmpty()) {
            if (definition.requiresDatabase()) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        definition.name() + " needs a database: give --database-url (OPEN_TWIN_DATABASE_URL)");
            }
            return null;
        }
        if (!definition.requiresDatabase()) {
            // The LSS gives every session service the database URL; a service that keeps nothing
            // there (echo, a compute service: they go through the Model) does not wait for a
            // connection it would never use (more than half of a pooled JVM's start, measured).
            LOG.info("{} keeps nothing in a database: {} is not opened", definition.name(), "--database-url");
            return null;
        }
        DatabaseConnection connection = DatabaseConnection.open(
                config.databaseUrl().get(),
                config.databaseTimeout(),
                config.databaseOperationTimeout(),
                tls.clientContext());
        LOG.info(
                "database {} is up; each operation may take at most {} ms",
                connection.redactedUrl(),
                config.databaseOperationTimeout().toMillis());
        return connection;
    }

    /** The opened connection (null for none), or what its opening threw, unwrapped. */
    private static DatabaseConnection await(CompletableFuture<DatabaseConnection> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Closes a connection that opened after the start had already failed. */
    private static void closeQuietly(DatabaseConnection connection) {
        if (connection != null) {
            connection.close();
        }
    }

    private static Map<String, URI> peers(CommonConfig config) {
        Map<String, URI> peers = new LinkedHashMap<>();
        config.gssUrl().ifPresent(url -> peers.put("GSS", url));
        config.authUrl().ifPresent(url -> peers.put("AUTH", url));
        return peers;
    }

    private static void runAll(Iterable<AutoCloseable> steps) {
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception e) {
                LOG.warn("shutdown step {} failed", step, e);
            }
        }
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
