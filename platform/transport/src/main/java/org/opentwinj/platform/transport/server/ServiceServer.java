package org.opentwinj.platform.transport.server;

import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS server every service runs: the action endpoints, {@code /shutdown}, info,
 * health, readiness and metrics, on one TLS port that asks for (but on the public
 * endpoints does not require) a client certificate.
 */
public final class ServiceServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceServer.class);

    private final WebServer server;
    private final Endpoints endpoints;
    private final ServerOptions options;
    private final CompletableFuture<String> stopRequested = new CompletableFuture<>();
    private volatile boolean stopped;

    private ServiceServer(WebServer server, Endpoints endpoints, ServerOptions options) {
        this.server = server;
        this.endpoints = endpoints;
        this.options = options;
    }

    /**
     * Binds and starts serving.
     *
     * @throws ExitException {@link ExitCode#PORT_IN_USE} when the address cannot be bound
     */
    public static ServiceServer start(
            ServiceInfo info,
            ServerOptions options,
            SSLContext tls,
            ActionRegistry registry,
            ServiceMetrics metrics,
            List<ReadinessCheck> readiness) {
        return start(info, options, tls, registry, metrics, readiness, List.of());
    }

    /**
     * Like the other, with websocket endpoints on the same port.
     *
     * @throws ExitException {@link ExitCode#PORT_IN_USE} when the address cannot be bound
     */
    public static ServiceServer start(
            ServiceInfo info,
            ServerOptions options,
            SSLContext tls,
            ActionRegistry registry,
            ServiceMetrics metrics,
            List<ReadinessCheck> readiness,
            List<WebSocketRoute> webSockets) {
        return start(info, options, tls, registry, metrics, readiness, webSockets, List.of());
    }

    /**
     * Like the others, with extra HTTP routes registered before the platform's own, so they
     * win where paths overlap (the web service serves its page at {@code /}; the service
     * information stays at {@code /info}).
     */
    public static ServiceServer start(
            ServiceInfo info,
            ServerOptions options,
            SSLContext tls,
            ActionRegistry registry,
            ServiceMetrics metrics,
            List<ReadinessCheck> readiness,
            List<WebSocketRoute> webSockets,
            List<Consumer<HttpRouting.Builder>> httpRoutes) {
        return start(info, options, tls, registry, metrics, readiness, webSockets, httpRoutes, List.of());
    }

    /**
     * Like the others, with {@link StreamRoute}s (raw GET endpoints that stream bytes: the data
     * path), registered first: their paths are specific, while extra HTTP routes may catch
     * every GET (the web service's page).
     */
    public static ServiceServer start(
            ServiceInfo info,
            ServerOptions options,
            SSLContext tls,
            ActionRegistry registry,
            ServiceMetrics metrics,
            List<ReadinessCheck> readiness,
            List<WebSocketRoute> webSockets,
            List<Consumer<HttpRouting.Builder>> httpRoutes,
            List<StreamRoute> streams) {
        RequestQueue queue = new RequestQueue(registry, options.queueCapacity());
        CompletableFuture<String> stopRequest = new CompletableFuture<>();
        Endpoints endpoints = new Endpoints(info, options, registry, metrics, readiness, queue, stopRequest::complete);
        HttpRouting.Builder routing = HttpRouting.builder();
        new StreamEndpoints(registry, metrics, endpoints::isDraining).addTo(routing, streams);
        httpRoutes.forEach(route -> route.accept(routing));
        endpoints.addTo(routing);
        var builder = WebServer.builder();
        if (!webSockets.isEmpty()) {
            WsRouting.Builder ws = WsRouting.builder();
            Set<String> origins = new HashSet<>();
            for (WebSocketRoute route : webSockets) {
                ws.endpoint(route.path(), route.listener());
                origins.addAll(route.allowedOrigins());
            }
            builder.addRouting(ws);
            // Messages may be as large as request bodies (Helidon's default frame limit is 1 MiB).
            // Helidon allows pages of the service's own origin when no origin is listed; listing
            // origins replaces that, so the service's own goes in too.
            WsConfig.Builder config = WsConfig.builder().name("websocket").maxFrameLength((int)
                    Math.min(Integer.MAX_VALUE, options.maxBodyBytes()));
            if (!origins.isEmpty()) {
                origins.add(originOf(info.url()));
                config.origins(origins);
            }
            builder.addProtocol(config.build());
        }
        WebServer webServer = builder.host(options.bindHost())
                .port(options.port())
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(200))
                .tls(Tls.builder()
                        .sslContext(tls)
                        .clientAuth(TlsClientAuth.OPTIONAL)
                        .build())
                .routing(routing)
                .build();
        try {
            webServer.start();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw bindFailure(options, e);
        }
        if (!webServer.isRunning()) {
            // Helidon logs a listener that failed to bind and returns; find out why ourselves.
            throw new ExitException(
                    ExitCode.PORT_IN_USE,
                    "cannot bind " + options.bindHost() + ":" + options.port() + ": "
                            + BindProbe.reason(options.bindHost(), options.port()));
        }
        ServiceServer server = new ServiceServer(webServer, endpoints, options);
        stopRequest.thenAccept(server.stopRequested::complete);
        LOG.info("listening on {}:{}, publishing {}", options.bindHost(), webServer.port(), info.url());
        return server;
    }

    private static String originOf(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private static RuntimeException bindFailure(ServerOptions options, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return new ExitException(
                        ExitCode.PORT_IN_USE,
                        "cannot bind " + options.bindHost() + ":" + options.port() + ": " + bind.getMessage(),
                        e);
            }
        }
        return e;
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.port();
    }

    /** Completes when a peer asked the service to stop through {@code POST /shutdown}. */
    public CompletableFuture<String> stopRequested() {
        return stopRequested;
    }

    /**
     * Stops gracefully: readiness turns 503 and new action requests are refused with 503,
     * requests in flight and queued requests finish (up to the grace period), then the port
     * closes. Safe to call more than once.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
        endpoints.drain(deadline);
        server.stop();
        LOG.info("stopped");
    }

    @Override
    public void close() {
        stop();
    }
}
