package org.opentwinj.services.gss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.DemandRequest;
import org.opentwinj.platform.session.StartRequest;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.testing.TestClock;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.action.Reply;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.services.gss.catalogue.CommandCatalogue;
import org.opentwinj.services.gss.catalogue.OnDemandActions;
import org.opentwinj.services.gss.lss.HeartbeatMonitor;
import org.opentwinj.services.gss.lss.HeartbeatsReceived;
import org.opentwinj.services.gss.lss.LssActions;
import org.opentwinj.services.gss.lss.LssRegistry;
import org.opentwinj.services.gss.session.LssCalls;
import org.opentwinj.services.gss.session.ProjectLocks;
import org.opentwinj.services.gss.session.SessionActions;
import org.opentwinj.services.gss.session.SessionLifecycle;
import org.opentwinj.services.gss.session.SessionStore;

/**
 * The GSS in-process: an in-memory MongoDB-compatible server, the session and LSS actions on
 * an action registry, LSSs that answer as each test tells them, project rights from a map,
 * and a hand-moved clock. {@link #restart()} wires a fresh GSS onto the same database.
 */
final class GssHarness implements AutoCloseable {
    static final GssConfig CONFIG = new GssConfig(
            URI.create("https://auth:8092"),
            URI.create("https://auth.example:443"),
            URI.create("https://relay:8094"),
            URI.create("https://relay.example:443"),
            Duration.ofSeconds(2),
            3,
            Duration.ofSeconds(60),
            50,
            Duration.ofSeconds(5));

    final TestClock clock = new TestClock();
    /** Project id, then user, to access; missing projects are unknown. */
    final Map<String, Map<String, String>> rights = Collections.synchronizedMap(new HashMap<>());
    /** What an LSS (by URL) does when asked to start a session: null = accept. */
    final Map<URI, BiFunction<URI, String, PeerCallException>> lssBehaviour =
            Collections.synchronizedMap(new HashMap<>());

    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** How an LSS answers Service.Demand: by default the service serves at https://<service>.<session>:9000. */
    volatile Function<DemandRequest, DemandReply> demands =
            request -> new DemandReply(request.service(), URI.create("https://" + request.service() + ".x:9000"));
    /** Keeps its data when the server stops, so that {@link #databaseBack()} finds it. */
    private final MemoryBackend backend = new MemoryBackend() {
        @Override
        public void close() {
            // The data outlives a stopped server; it goes with the JVM.
        }
    };

    private MongoServer server = new MongoServer(backend);
    private final InetSocketAddress address;
    private final DatabaseConnection connection;
    private ActionRegistry registry;
    private SessionLifecycle sessions;
    private HeartbeatMonitor monitor;

    GssHarness() {
        address = server.bind();
        connection = openDatabase("mongodb://" + address.getHostString() + ":" + address.getPort() + "/test");
        restart();
    }

    /**
     * A short wait for the server, which only the outage test waits for as long as it lasts; the
     * first connection is tried again, as on a loaded machine (load 13) it once took longer than a second.
     */
    private static DatabaseConnection openDatabase(String url) {
        for (int attempt = 1; ; attempt++) {
            try {
                return DatabaseConnection.open(url, Duration.ofSeconds(1));
            } catch (ExitException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    void restart() {
        registry = new ActionRegistry();
        registry.tokenVerifier(token -> switch (token) {
            case "alice", "bob", "carol" -> Caller.user(token, Set.of("user"), token);
            case "root" -> Caller.user("root", Set.of("admin", "user"), token);
            default -> throw PublicException.unauthorized("token signature invalid");
        });
        LssRegistry lssRegistry = new LssRegistry(connection.database());
        // Kept in memory only: a restarted GSS has received no heartbeat yet.
        HeartbeatsReceived received = new HeartbeatsReceived();
        sessions = new SessionLifecycle(
                new SessionStore(connection.database()),
                new ProjectLocks(connection.database()),
                lssRegistry,
                received,
                new FakeLss(),
                (project, user) -> {
                    Map<String, String> users = rights.get(project);
                    if (users == null) {
                        throw PublicException.notFound("unknown project '" + project + "'");
                    }
                    return users.getOrDefault(user, "none");
                },
                CONFIG,
                clock);
        new SessionActions(sessions, CONFIG.publicRelayUrl(), (session, after, level, waitMs, job) -> {
                    throw new org.opentwinj.platform.error.PublicException(503, "no logger in this test");
                })
                .register(registry);
        new LssActions(lssRegistry, received, sessions, CONFIG, clock).register(registry);
        CommandCatalogue catalogue = new CommandCatalogue(connection.database(), clock);
        sessions.onReport(report -> catalogue.keep(report.commands()));
        new OnDemandActions(sessions, catalogue, new FakeLss()).register(registry);
        monitor = new HeartbeatMonitor(
                lssRegistry, received, sessions, CONFIG.heartbeatTimeout(), CONFIG.lssGrace(), clock);
    }

    SessionLifecycle sessions() {
        return sessions;
    }

    void sweep() {
        monitor.sweep();
    }

    /** Stops the database server; its data stays for {@link #databaseBack()}. */
    void databaseDown() {
        server.shutdownNow();
    }

    /** Starts the database server again on the same port with the same data. */
    void databaseBack() {
        server = new MongoServer(backend);
        server.bind(address.getHostString(), address.getPort());
    }

    /** A thin client's call with a token ("alice", "bob", "carol", "root" are valid). */
    Reply asUser(String token, String action, Object... fields) {
        return registry.dispatch(Channel.ONE_WAY_TLS, body(action, fields), null, token);
    }

    /** A service's call over mTLS. */
    Reply asService(String action, Object... fields) {
        return registry.dispatch(Channel.MUTUAL_TLS, body(action, fields), "CN=lss", null);
    }

    JsonNode ok(Reply reply) {
        if (!reply.isSuccess()) {
            throw new AssertionError("expected success, got " + reply.httpStatus() + " " + reply.body());
        }
        return reply.body().path("result");
    }

    /** Registers an LSS with the given capacity, running the "default" type. */
    void registerLss(String id, int capacity, String... sessions) {
        ok(asService(
                "Lss.Register",
                "lss",
                id,
                "url",
                url(id),
                "capacity",
                capacity,
                "sessionTypes",
                List.of("default", "big"),
                "sessions",
                List.of(sessions)));
    }

    static URI url(String lss) {
        return URI.create("https://" + lss + ":8093");
    }

    private static byte[] body(String action, Object... fields) {
        ObjectNode body = Json.object().put("action", action);
        for (int i = 0; i < fields.length; i += 2) {
            body.set((String) fields[i], Json.mapper().valueToTree(fields[i + 1]));
        }
        return Json.writeBytes(body);
    }

    private final class FakeLss implements LssCalls {
        @Override
        public void start(URI lss, StartRequest request) {
            calls.add("start " + lss.getHost() + " " + request.session());
            BiFunction<URI, String, PeerCallException> behaviour = lssBehaviour.get(lss);
            PeerCallException failure = behaviour == null ? null : behaviour.apply(lss, "Session.Start");
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public DemandReply demand(URI lss, DemandRequest request) {
            calls.add("demand " + lss.getHost() + " " + request.session() + " " + request.service());
            return demands.apply(request);
        }

        @Override
        public void stop(URI lss, String session) {
            calls.add("stop " + lss.getHost() + " " + session);
            BiFunction<URI, String, PeerCallException> behaviour = lssBehaviour.get(lss);
            PeerCallException failure = behaviour == null ? null : behaviour.apply(lss, "Session.Stop");
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Override
    public void close() {
        connection.close();
        server.shutdownNow();
    }
}
