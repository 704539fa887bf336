package org.opentwinj.services.relay;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.logging.LogContext;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.DemandRequest;
import org.opentwinj.platform.session.PushReply;
import org.opentwinj.platform.session.PushRequest;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.session.SessionRequest;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.TokenVerifier;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.server.StreamRoute;
import org.opentwinj.platform.transport.server.WebSocketRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay without the launcher: the websocket endpoint for thin clients, {@code Relay.Push}
 * for session services, the route cache and the keep-alive pings. Wire it onto a server with
 * {@link #webSocketRoute()} and {@link #pushAction()}, and close it before the server stops so
 * that clients get 1001 "relay stopping".
 */
public final class Relay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    /** The websocket path clients connect to. */
    public static final String PATH = "/relay";
    /** The GSS action that tells a session's user, state and service URLs. */
    public static final String ROUTES_ACTION = ActionNames.SESSION_ROUTES;
    /** What a refused push tells its sender to wait before trying again. */
    static final Duration PUSH_RETRY_AFTER = Duration.ofSeconds(1);
    /** How long {@link #close()} waits for the close frames to go out. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    /** The connections are checked against their sessions at most this often. */
    static final Duration MIN_ADMISSION_RECHECK = Duration.ofSeconds(1);

    private final Admission admission;
    private final ServiceClient client;
    private final RelayPeers peers;
    private final RelayConfig config;
    private final LongSupplier nanoTime;
    private final RouteCache routes;
    private final Forwarder forwarder;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final ExecutorService tasks = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("relay-task-", 0).factory());
    private final ScheduledExecutorService keepAlive;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param client  an mTLS client with the relay's certificate: for the GSS and the session services
     * @param gssUrl  where {@code Session.Routes} is asked
     * @param tokens  checks clients' tokens (AUTH's keys)
     */
    public Relay(ServiceClient client, URI gssUrl, TokenVerifier tokens, RelayConfig config) {
        this(client, gssUrl, tokens, config, RelayPeers.none());
    }

    /** @param peers the other replicas, to which a session service's push is passed on */
    public Relay(ServiceClient client, URI gssUrl, TokenVerifier tokens, RelayConfig config, RelayPeers peers) {
        this(client, client, gssUrl, tokens, config, peers);
    }

    /**
     * @param demandClient the client for {@code Session.Demand}, whose answer waits for a service
     *     to start: its request timeout is at least the LSS's confirm timeout
     */
    public Relay(
            ServiceClient client,
            ServiceClient demandClient,
            URI gssUrl,
            TokenVerifier tokens,
            RelayConfig config,
            RelayPeers peers) {
        this(client, gssRoutes(client, demandClient, gssUrl), tokens, config, System::nanoTime, peers);
    }

    Relay(
            ServiceClient client,
            RouteSource routeSource,
            TokenVerifier tokens,
            RelayConfig config,
            LongSupplier nanoTime) {
        this(client, routeSource, tokens, config, nanoTime, RelayPeers.none());
    }

    Relay(
            ServiceClient client,
            RouteSource routeSource,
            TokenVerifier tokens,
            RelayConfig config,
            LongSupplier nanoTime,
            RelayPeers peers) {
        this.client = Objects.requireNonNull(client, "client");
        this.peers = Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(tokens, "tokens");
        this.config = Objects.requireNonNull(config, "config");
        this.nanoTime = nanoTime;
        this.routes = new RouteCache(routeSource, config.routeCacheTtl(), RouteCache.REFRESH_WAIT, tasks, nanoTime);
        this.admission = new Admission(tokens, routes);
        this.forwarder = new Forwarder(client, routes, routeSource);
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("relay-keepalive").daemon().factory());
        long interval = config.pingInterval().toMillis();
        keepAlive.scheduleAtFixedRate(this::keepAliveTick, interval, interval, TimeUnit.MILLISECONDS);
        long recheck = admissionRecheck(config).toMillis();
        keepAlive.scheduleAtFixedRate(this::recheckAdmissions, recheck, recheck, TimeUnit.MILLISECONDS);
    }

    /**
     * How often the connections are checked against their sessions: as often as routes are
     * looked up again anyway (the route cache's lifetime), at least once a second.
     */
    static Duration admissionRecheck(RelayConfig config) {
        Duration ttl = config.routeCacheTtl();
        return ttl.compareTo(MIN_ADMISSION_RECHECK) < 0 ? MIN_ADMISSION_RECHECK : ttl;
    }

    /**
     * Closes the connections whose user is no longer in their session (a participant who left:
     * 4403) and those of sessions that ended (closed by their opener, the project's owner or an
     * admin, failed or lost: 4409; forgotten by the GSS: 4404). Each session is looked up through
     * the route cache on the relay's tasks, so a slow GSS delays no other session; when the GSS
     * cannot answer, the connections stay as they are.
     */
    void recheckAdmissions() {
        try {
            for (String session : registry.sessions()) {
                tasks.execute(() -> recheck(session));
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("relay stopping: admissions not checked again");
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep the checks going.
            LOG.error("admission check round failed", e);
        }
    }

    private void recheck(String session) {
        Routes current;
        try {
            current = routes.routes(session);
        } catch (PeerCallException e) {
            if (e.httpStatus() == 404) {
                for (ClientConnection connection : registry.of(session)) {
                    closeBecause(
                            connection,
                            new ConnectionRefused(
                                    CloseCode.UNKNOWN_SESSION, "session " + session + " does not exist any more"));
                }
            } else {
                LOG.debug("session {} not checked again: {}", session, e.getMessage());
            }
            return;
        } catch (RuntimeException e) {
            LOG.warn("session {} not checked again: its routes could not be read", session, e);
            return;
        }
        for (ClientConnection connection : registry.of(session)) {
            Admission.mayStay(connection.caller(), current).ifPresent(refused -> closeBecause(connection, refused));
        }
    }

    private static void closeBecause(ClientConnection connection, ConnectionRefused refused) {
        try (LogContext ignored =
                LogContext.with(LogContext.SESSION, connection.session(), LogContext.USER, connection.user())) {
            LOG.info("closing connection {}: {}", connection.id(), refused.getMessage());
        }
        connection.close(refused.code(), refused.getMessage());
    }

    private static RouteSource gssRoutes(ServiceClient client, ServiceClient demandClient, URI gssUrl) {
        Objects.requireNonNull(gssUrl, "gssUrl");
        return new RouteSource() {
            @Override
            public Routes fetch(String session) {
                return RoutesReader.parse(client.callIdempotent(gssUrl, ROUTES_ACTION, new SessionRequest(session)));
            }

            @Override
            public DemandReply demand(String session, String service) {
                JsonNode reply = demandClient.callIdempotent(
                        gssUrl, ActionNames.SESSION_DEMAND, new DemandRequest(session, service));
                URI url = URI.create(reply.path("url").asText());
                if (!"https".equals(url.getScheme())) {
                    throw new IllegalArgumentException(
                            "the GSS answered Session.Demand with a URL that is not https: " + url);
                }
                return new DemandReply(reply.path("service").asText(service), url);
            }
        };
    }

    /** The client endpoint, {@code GET /relay?session=<id>}; each connection gets its own listener. */
    public WebSocketRoute webSocketRoute() {
        return new WebSocketRoute(
                PATH, () -> new RelayListener(admission, registry, forwarder, config, tasks, nanoTime));
    }

    /**
     * The data path, {@code GET /data/<session>/<entity>}: a Model payload passed on as raw
     * bytes to a client admitted as its websocket would be (see {@link DataRoute}).
     */
    public StreamRoute dataRoute() {
        return new DataRoute(routes, client).route();
    }

    /** {@code Relay.Push}: mTLS only, for session services. */
    public ActionSpec<PushRequest> pushAction() {
        return ActionSpec.internal(
                PushRequest.ACTION, PushRequest.class, (request, call) -> new PushReply(push(request)));
    }

    /**
     * Sends a message to every client of the session: those of this relay and, unless the push
     * comes from a peer, those of every peer relay (replicas each hold some of the clients). A
     * client whose queue is full gets up to {@link RelayConfig#pushWait()} to make room (one
     * deadline for the whole push). A peer that cannot be reached is logged and skipped: its
     * clients reconnect to a replica that can.
     *
     * @return how many connections it was queued for; 0 when nobody is connected
     * @throws PublicException 503 with Retry-After when a client (here or at a peer) is not
     *     keeping up; the clients with room got the message nevertheless
     */
    public int push(PushRequest request) throws InterruptedException {
        List<Future<Integer>> atPeers = request.fromPeer() ? List.of() : passOnToPeers(request.toPeers());
        PublicException behind = null;
        int delivered = 0;
        try {
            delivered = pushToOwnClients(request);
        } catch (PublicException e) {
            behind = e;
        }
        for (Future<Integer> peer : atPeers) {
            try {
                delivered += peer.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof PublicException refused && behind == null) {
                    behind = refused;
                }
            }
        }
        if (behind != null) {
            throw behind;
        }
        return delivered;
    }

    private List<Future<Integer>> passOnToPeers(PushRequest request) {
        List<Future<Integer>> results = new ArrayList<>();
        for (URI peer : peers.others()) {
            results.add(tasks.submit(() -> pushToPeer(peer, request)));
        }
        return results;
    }

    private int pushToPeer(URI peer, PushRequest request) {
        try {
            return client.call(peer, PushRequest.ACTION, request)
                    .path("delivered")
                    .asInt();
        } catch (PeerCallException e) {
            if (e.httpStatus() == 503) {
                throw PublicException.unavailable("peer relay " + peer + ": " + e.reason(), PUSH_RETRY_AFTER);
            }
            LOG.warn(
                    "push from service '{}' to session {} not passed on to peer relay {}: {}",
                    request.service(),
                    request.session(),
                    peer,
                    e.getMessage());
            return 0;
        }
    }

    private int pushToOwnClients(PushRequest request) throws InterruptedException {
        List<ClientConnection> clients = registry.of(request.session());
        if (clients.isEmpty()) {
            return 0;
        }
        String frame = Frames.push(request.service(), request.message());
        long deadline = nanoTime.getAsLong() + config.pushWait().toNanos();
        int delivered = 0;
        List<ClientConnection> behind = new ArrayList<>();
        for (ClientConnection client : clients) {
            if (client.offerPush(frame, deadline)) {
                delivered++;
            } else if (!client.isClosed()) {
                behind.add(client);
            }
        }
        if (!behind.isEmpty()) {
            ClientConnection first = behind.getFirst();
            LOG.warn(
                    "push from service '{}' to session {}: {} of {} clients are not keeping up",
                    request.service(),
                    request.session(),
                    behind.size(),
                    clients.size());
            throw PublicException.unavailable(
                    "client " + first.describe() + " of session " + request.session()
                            + " is not keeping up: " + first.queued()
                            + " messages wait to be written to it; delivered to "
                            + delivered + " of " + clients.size() + " connections",
                    PUSH_RETRY_AFTER);
        }
        return delivered;
    }

    /** Open client connections. */
    public int connectionCount() {
        return registry.count();
    }

    /** Open client connections of one session. */
    public int connectionCount(String session) {
        return registry.of(session).size();
    }

    private void keepAliveTick() {
        try {
            for (ClientConnection connection : registry.all()) {
                connection.keepAlive(config.pingInterval());
            }
            routes.evictExpired(session -> !registry.of(session).isEmpty());
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep the pings going.
            LOG.error("keep-alive round failed", e);
        }
    }

    /** Closes every client with 1001 "relay stopping" and stops the pings; new clients are refused. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        keepAlive.shutdownNow();
        List<ClientConnection> open = registry.close();
        CompletableFuture<?>[] closing = open.stream()
                .map(connection -> connection.close(CloseCode.GOING_AWAY, "relay stopping"))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("not every client took its close frame within {} ms", CLOSE_WAIT.toMillis());
        } catch (ExecutionException e) {
            LOG.warn("closing the clients failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Forwards still running have nobody to answer to any more.
        tasks.shutdownNow();
        LOG.info("relay stopped: closed {} client connections", open.size());
    }
}
