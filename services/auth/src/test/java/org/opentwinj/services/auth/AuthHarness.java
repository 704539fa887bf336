package org.opentwinj.services.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.testing.TestClock;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.action.Reply;
import org.opentwinj.services.auth.users.PasswordHasher;
import org.opentwinj.services.auth.users.User;
import org.opentwinj.services.auth.users.UserStore;

/**
 * The authorization service in-process: an in-memory MongoDB-compatible server, the service
 * wired onto an action registry, and a hand-moved clock. {@link #restart()} wires a fresh
 * service instance onto the same database, as a process restart would.
 */
final class AuthHarness implements AutoCloseable {
    static final AuthConfig CONFIG = new AuthConfig(Duration.ofMinutes(15), Duration.ofHours(12), 64, 1);
    static final String ADMIN = "root";
    static final String ADMIN_PASSWORD = "root-password";

    final TestClock clock = new TestClock();
    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final DatabaseConnection connection;
    private ActionRegistry registry;
    private Authorization authorization;

    AuthHarness() {
        InetSocketAddress address = server.bind();
        connection = DatabaseConnection.open(
                "mongodb://" + address.getHostString() + ":" + address.getPort() + "/test", Duration.ofSeconds(5));
        new UserStore(connection.database())
                .insert(new User(
                        ADMIN, new PasswordHasher(64, 1).hash(ADMIN_PASSWORD), List.of("admin", "user"), true));
        restart();
    }

    void restart() {
        registry = new ActionRegistry();
        authorization = Authorization.install(registry, connection.database(), CONFIG, clock);
    }

    /** A second AUTH instance on the same database and clock, as a second replica would be. */
    Instance secondInstance() {
        ActionRegistry other = new ActionRegistry();
        Authorization.install(other, connection.database(), CONFIG, clock);
        return new Instance(other);
    }

    /** Another AUTH instance's actions, called as a thin client. */
    static final class Instance {
        private final ActionRegistry registry;

        private Instance(ActionRegistry registry) {
            this.registry = registry;
        }

        Reply call(String token, String action, Object... fields) {
            return registry.dispatch(Channel.ONE_WAY_TLS, body(action, fields), null, token);
        }

        JsonNode ok(String token, String action, Object... fields) {
            Reply reply = call(token, action, fields);
            if (!reply.isSuccess()) {
                throw new AssertionError(action + " failed with " + reply.httpStatus() + ": " + reply.body());
            }
            return reply.body().get("result");
        }

        String adminToken() {
            return ok(null, "Login", "username", ADMIN, "password", ADMIN_PASSWORD)
                    .get("accessToken")
                    .asText();
        }
    }

    Authorization authorization() {
        return authorization;
    }

    com.mongodb.client.MongoDatabase database() {
        return connection.database();
    }

    /** Calls an action as a thin client on /execute-one-way-tls; token may be null. */
    Reply call(String token, String action, Object... fields) {
        return registry.dispatch(Channel.ONE_WAY_TLS, body(action, fields), null, token);
    }

    /** Like {@link #call}, from a given client address. */
    Reply callFrom(String address, String action, Object... fields) {
        return registry.dispatch(
                Channel.ONE_WAY_TLS,
                body(action, fields),
                new org.opentwinj.platform.transport.action.Origin(null, null, address));
    }

    /** Calls an action as a service over mTLS. */
    Reply callAsService(String action, Object... fields) {
        return registry.dispatch(Channel.MUTUAL_TLS, body(action, fields), "CN=gss", null);
    }

    /** The result of a call that must succeed. */
    JsonNode ok(String token, String action, Object... fields) {
        Reply reply = call(token, action, fields);
        if (!reply.isSuccess()) {
            throw new AssertionError(action + " failed with " + reply.httpStatus() + ": " + reply.body());
        }
        return reply.body().get("result");
    }

    String login(String user, String password) {
        return ok(null, "Login", "username", user, "password", password)
                .get("accessToken")
                .asText();
    }

    String adminToken() {
        return login(ADMIN, ADMIN_PASSWORD);
    }

    /** Creates a user with role "user" and returns a token for them. */
    String user(String name) {
        ok(adminToken(), "User.Create", "username", name, "password", name + "-password");
        return login(name, name + "-password");
    }

    private static byte[] body(String action, Object... fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("action", action);
        for (int i = 0; i < fields.length; i += 2) {
            map.put((String) fields[i], fields[i + 1]);
        }
        return Json.writeBytes(map);
    }

    static String reason(Reply reply) {
        return reply.body().path("reason").asText();
    }

    static ObjectNode body(Reply reply) {
        return reply.body();
    }

    @Override
    public void close() {
        connection.close();
        server.shutdownNow();
    }
}
