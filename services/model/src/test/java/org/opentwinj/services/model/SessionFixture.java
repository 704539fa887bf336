package org.opentwinj.services.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.session.JobState;
import org.opentwinj.platform.session.JobView;
import org.opentwinj.platform.storage.DatabaseConnection;
import org.opentwinj.platform.testing.TestClock;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Caller;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.action.Reply;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.model.access.ProjectAccess;
import org.opentwinj.services.model.jobs.JobActions;
import org.opentwinj.services.model.jobs.JobBoard;
import org.opentwinj.services.model.jobs.JobSaves;
import org.opentwinj.services.model.peers.SessionServices;
import org.opentwinj.services.model.rerun.ParametricUpdates;

/**
 * The Model service's actions wired as {@link ModelService} wires them, in-process on the
 * embedded database, with the session's other services as a {@link ScriptedCompute} peer over
 * real HTTPS (mutual TLS with certificates of a test CA). {@link #restart()} makes a new
 * Model on the same database, as a restarted service.
 */
final class SessionFixture implements AutoCloseable {
    static final String SESSION = "s-1";
    static final String COMPUTE = "compute-test";
    /** When the jobs the tests report were accepted by their service. */
    static final Instant CREATED = Instant.parse("2026-12-07T21:00:00Z");

    final MongoServer server = new MongoServer(new MemoryBackend());
    final DatabaseConnection connection;
    final TestClock clock = new TestClock();
    final Map<String, String> rights = Map.of("alice", "owner", "bob", "read", "carol", "write");
    final List<Object> announced = Collections.synchronizedList(new ArrayList<>());
    final AtomicReference<ProjectModel> current = new AtomicReference<>();
    /** The session's running services, as Run lists them. */
    final Map<String, URI> running = new ConcurrentHashMap<>();
    /** Services the LSS starts on demand, and those it was asked to start. */
    final Map<String, URI> startable = new ConcurrentHashMap<>();

    final List<String> demanded = Collections.synchronizedList(new ArrayList<>());
    final CertificateAuthority ca =
            CertificateAuthority.create(CertificateRequest.of("Model test CA", List.of()), Duration.ofDays(2));
    final ScriptedCompute compute;
    final ServiceClient client;
    private final Path exports;
    private final List<ThreadPoolExecutor> executors = new ArrayList<>();
    ActionRegistry registry;
    ParametricUpdates updates;
    JobBoard board;

    SessionFixture(Path exports) {
        this.exports = exports;
        InetSocketAddress address = server.bind();
        connection = DatabaseConnection.open(
                "mongodb://" + address.getHostString() + ":" + address.getPort() + "/test", Duration.ofSeconds(5));
        compute = new ScriptedCompute(tls(COMPUTE + "." + SESSION));
        client = new ServiceClient(
                tls("model." + SESSION).clientContext(), ClientOptions.DEFAULT.withRetries(1, Duration.ofMillis(10)));
        running.put(COMPUTE, compute.url());
        wire();
    }

    TlsMaterial tls(String name) {
        return TlsMaterial.of(ca.issue(
                CertificateRequest.of(name, List.of("localhost", "127.0.0.1")), Usage.PEER, Duration.ofHours(1)));
    }

    /** A Model service (again) on the same database: what a restart keeps is in the database. */
    void restart() {
        wire();
    }

    private void wire() {
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        executors.add(executor);
        registry = new ActionRegistry();
        registry.tokenVerifier(token -> Caller.user(token, Set.of("user"), token));
        current.set(new ProjectModel(connection.database(), "p-1", ModelOptions.DEFAULTS, clock).open());
        board = JobBoard.open(current.get().jobStore(), announced::add, clock);
        ProjectAccess access = new ProjectAccess((project, user) -> rights.getOrDefault(user, "none"), SESSION, clock);
        SessionServices services = new SessionServices() {
            @Override
            public Optional<URI> running(String service) {
                return Optional.ofNullable(running.get(service));
            }

            @Override
            public URI demand(String service) {
                demanded.add(service);
                URI url = startable.get(service);
                if (url == null) {
                    throw PublicException.notFound("the session has no service " + service);
                }
                running.put(service, url);
                return url;
            }
        };
        ModelActions actions = new ModelActions(
                current::get,
                access,
                exports,
                announced::add,
                (p, call) -> {},
                new JobSaves(() -> board, access, SESSION));
        updates = new ParametricUpdates(() -> board, services, client, executor, actions::saved);
        actions.register(registry, updates);
        new JobActions(
                        () -> board,
                        (call, needed) -> access.require(call, "p-1", needed),
                        SESSION,
                        services,
                        client,
                        updates::cancel)
                .register(registry);
    }

    /** Whether an update of this or an earlier (restarted) Model is still at work. */
    boolean updatesRunning() {
        return executors.stream()
                .anyMatch(e -> e.getActiveCount() > 0 || !e.getQueue().isEmpty());
    }

    ProjectModel model() {
        return current.get();
    }

    Reply asUser(String user, String action, Object... fields) {
        return registry.dispatch(Channel.MUTUAL_TLS, body(action, fields), "CN=relay", user);
    }

    Reply asService(String subject, String action, Object... fields) {
        return registry.dispatch(Channel.MUTUAL_TLS, body(action, fields), subject, null);
    }

    /** {@code Job.Report} from the service with this certificate subject. */
    Reply report(String subject, JobView job) {
        return report(subject, null, job);
    }

    /** {@code Job.Report} with a user's token (the relay passing a user's message on). */
    Reply report(String subject, String user, JobView job) {
        ObjectNode body = Json.mapper().valueToTree(job);
        body.put("action", "Job.Report");
        return registry.dispatch(Channel.MUTUAL_TLS, Json.writeBytes(body), subject, user);
    }

    static JobView job(String id, String service, JobState state, double fraction) {
        return new JobView(
                id,
                service,
                "Mesh.Build",
                "Build mesh",
                "carol",
                state,
                fraction,
                null,
                null,
                state == JobState.FAILED ? "out of memory" : null,
                CREATED,
                null,
                null,
                null,
                null);
    }

    static byte[] body(String action, Object... fields) {
        ObjectNode body = Json.object().put("action", action);
        for (int i = 0; i < fields.length; i += 2) {
            body.set((String) fields[i], Json.mapper().valueToTree(fields[i + 1]));
        }
        return Json.writeBytes(body);
    }

    static JsonNode ok(Reply reply) {
        assertThat(reply.isSuccess()).as("%s", reply.body()).isTrue();
        return reply.body().path("result");
    }

    static String refused(Reply reply, int status) {
        assertThat(reply.httpStatus()).as("%s", reply.body()).isEqualTo(status);
        return reply.body().path("reason").asText();
    }

    /** The job once it has ended (the update runs on its own thread). */
    JobView ended(String id) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> board.get(id).view(), job -> job.state().isEnded());
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor executor : executors) {
            executor.shutdown();
            try {
                executor.awaitTermination(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
        compute.close();
        connection.close();
        server.shutdownNow();
    }
}
