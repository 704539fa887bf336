package org.opentwinj.platform.launcher;

import io.helidon.webserver.http.HttpRouting;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.launcher.session.SessionMembership;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.server.ReadinessCheck;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.StreamRoute;
import org.opentwinj.platform.transport.server.WebSocketRoute;

/** What the launcher hands a service when it starts. */
public final class ServiceContext {
    private final CommonConfig config;
    private final Settings settings;
    private final ServiceInfo info;
    private final ActionRegistry actions;
    private final ServiceClient client;
    private final TlsMaterial tls;
    private final DatabaseConnection database;
    private final List<ReadinessCheck> readinessChecks = new ArrayList<>();
    private final Deque<AutoCloseable> shutdownSteps = new ArrayDeque<>();
    private final Deque<AutoCloseable> stoppingSteps = new ArrayDeque<>();
    private final CompletableFuture<String> stopRequest;
    private final SessionMembership session;
    private final List<WebSocketRoute> webSockets = new ArrayList<>();
    private final List<Consumer<HttpRouting.Builder>> httpRoutes = new ArrayList<>();
    private final List<StreamRoute> streamRoutes = new ArrayList<>();

    ServiceContext(
            CommonConfig config,
            Settings settings,
            ServiceInfo info,
            ActionRegistry actions,
            ServiceClient client,
            TlsMaterial tls,
            DatabaseConnection database,
            CompletableFuture<String> stopRequest,
            SessionMembership session) {
        this.session = session;
        this.config = config;
        this.settings = settings;
        this.info = info;
        this.actions = actions;
        this.client = client;
        this.tls = tls;
        this.database = database;
        this.stopRequest = stopRequest;
    }

    public CommonConfig config() {
        return config;
    }

    /** All resolved settings, including the service's own. */
    public Settings settings() {
        return settings;
    }

    public ServiceInfo info() {
        return info;
    }

    /** Register the service's actions here. */
    public ActionRegistry actions() {
        return actions;
    }

    /** An mTLS client with this service's certificate, for calling peers. */
    public ServiceClient client() {
        return client;
    }

    public TlsMaterial tls() {
        return tls;
    }

    /** The database, when {@code --database-url} was given (always, if the service requires it). */
    public Optional<DatabaseConnection> database() {
        return Optional.ofNullable(database);
    }

    /** The session this service belongs to, when an LSS started it for one. */
    public Optional<SessionMembership> session() {
        return Optional.ofNullable(session);
    }

    /** Serves a websocket endpoint on the service's port (the relay's client endpoint). */
    public void addWebSocket(WebSocketRoute route) {
        webSockets.add(route);
    }

    /**
     * Adds HTTP routes (the web service's page and API gateway), registered before the
     * platform's own endpoints so they win where paths overlap.
     */
    public void addHttpRoutes(Consumer<HttpRouting.Builder> routes) {
        httpRoutes.add(routes);
    }

    /**
     * Serves a raw {@code GET} endpoint that streams bytes (the data path: the Model's payloads,
     * the relay's and the web service's pass-through), beside the actions on the service's port.
     * The transport checks the caller as the route's access says (a client certificate, or a
     * token) before the handler runs; see {@link StreamRoute}.
     */
    public void addStreamRoute(StreamRoute route) {
        streamRoutes.add(route);
    }

    public void addReadinessCheck(ReadinessCheck check) {
        readinessChecks.add(check);
    }

    /**
     * Steps run as soon as a stop begins, last registered first, while the server still
     * serves: e.g. telling websocket clients goodbye before their connections are cut.
     */
    public void onStopping(AutoCloseable step) {
        stoppingSteps.push(step);
    }

    /** Steps run at shutdown, last registered first, after the server stopped taking requests. */
    public void onShutdown(AutoCloseable step) {
        shutdownSteps.push(step);
    }

    /** Asks the launcher to stop the process cleanly, e.g. when the service finished its job. */
    public void requestStop(String reason) {
        stopRequest.complete(reason);
    }

    List<Consumer<HttpRouting.Builder>> httpRoutes() {
        return List.copyOf(httpRoutes);
    }

    List<StreamRoute> streamRoutes() {
        return List.copyOf(streamRoutes);
    }

    List<WebSocketRoute> webSockets() {
        return List.copyOf(webSockets);
    }

    List<ReadinessCheck> readinessChecks() {
        return List.copyOf(readinessChecks);
    }

    Deque<AutoCloseable> stoppingSteps() {
        return stoppingSteps;
    }

    Deque<AutoCloseable> shutdownSteps() {
        return shutdownSteps;
    }
}
