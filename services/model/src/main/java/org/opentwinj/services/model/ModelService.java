package org.opentwinj.services.model;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.launcher.session.SessionMembership;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.model.access.ProjectAccess;
import org.opentwinj.services.model.data.DataEndpoint;
import org.opentwinj.services.model.data.cache.PayloadCache;
import org.opentwinj.services.model.data.cache.PayloadCacheOptions;
import org.opentwinj.services.model.jobs.JobActions;
import org.opentwinj.services.model.jobs.JobBoard;
import org.opentwinj.services.model.jobs.JobSaves;
import org.opentwinj.services.model.peers.RunServices;
import org.opentwinj.services.model.peers.SessionServices;
import org.opentwinj.services.model.rerun.ParametricUpdates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Model service: the versioned data of the project its session is open on. Started by
 * the LSS for a session (the project comes with {@code Run}), or for one project with
 * {@code --project} (tools and tests). Needs the database and AUTH.
 */
public final class ModelService implements ServiceDefinition {
    /** How long a request that comes before the project is open waits for it. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);

    static final Setting<Integer> INLINE_LIMIT_BYTES = Setting.of(
            "inline-limit-bytes",
            "payloads up to this size stay in the entity document; larger ones go to GridFS",
            ModelOptions.DEFAULTS.inlineLimit(),
            ValueParsers.integer(0, 8 * 1024 * 1024));
    static final Setting<Integer> FULL_EVERY = Setting.of(
            "full-every",
            "every this many versions along a line is stored in full, the others as deltas",
            ModelOptions.DEFAULTS.fullEvery(),
            ValueParsers.integer(1, 10_000));
    static final Setting<Long> SAVE_LEASE_MS = Setting.of(
            "save-lease-ms",
            "how long a save may hold the model before another writer may take over",
            ModelOptions.DEFAULTS.saveLease().toMillis(),
            ValueParsers.longValue(1_000, 3_600_000));
    static final Setting<Path> PAYLOAD_CACHE_DIR = Setting.of(
            "payload-cache-dir",
            "directory of the local copies of large payloads that the data path serves (one per Model service);"
                    + " by default a temporary directory removed at exit",
            null,
            ValueParsers.PATH);
    static final Setting<Long> PAYLOAD_CACHE_BYTES = Setting.of(
            "payload-cache-bytes",
            "the most bytes the payload cache takes on disk, least recently read first out (0: no cache)",
            PayloadCacheOptions.DEFAULT_MAX_BYTES,
            ValueParsers.longValue(0, Long.MAX_VALUE));
    static final Setting<String> PROJECT = Setting.of(
            "project",
            "serve this project's model without a session (tools and tests); in a session the project comes with Run",
            null,
            ValueParsers.STRING);

    @Override
    public String name() {
        return "model";
    }

    @Override
    public String description() {
        return "Model service: a project's versioned entities and model states.";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(INLINE_LIMIT_BYTES, FULL_EVERY, SAVE_LEASE_MS, PAYLOAD_CACHE_DIR, PAYLOAD_CACHE_BYTES, PROJECT);
    }

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public void start(ServiceContext context) throws IOException {
        URI authUrl = context.config()
                .authUrl()
                .orElseThrow(() -> new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "the model service checks users' rights with AUTH: give --auth-url (OPEN_TWIN_AUTH_URL)"));
        ModelOptions options = options(context.settings());
        MongoDatabase database = context.database().orElseThrow().database();
        Clock clock = Clock.systemUTC();
        AtomicReference<ProjectModel> current = new AtomicReference<>();
        String project = context.settings().get(PROJECT);
        SessionMembership session = context.session().orElse(null);
        if (project == null && session == null) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "the model service runs for a session (started by an LSS) or for one project: give --project");
        }
        if (project != null) {
            current.set(open(database, project, options, clock));
        } else {
            session.onRun(run -> {
                current.updateAndGet(model -> {
                    if (model == null) {
                        return open(database, run.project(), options, clock);
                    }
                    if (!model.project().equals(run.project())) {
                        LOG.error("Run names project {} but this model serves {}", run.project(), model.project());
                    }
                    return model;
                });
                synchronized (current) {
                    current.notifyAll();
                }
            });
        }
        Path exports = Files.createTempDirectory("opentwin-model-exports");
        context.onShutdown(() -> deleteTree(exports));
        ServiceClient client = context.client();
        ProjectAccess access = new ProjectAccess(
                ProjectAccess.fromAuth(client, authUrl), session == null ? null : session.sessionId(), clock);
        Supplier<ProjectModel> model = () -> opened(current);
        Consumer<Object> announce = event -> announce(session, event);
        Supplier<JobBoard> board = boards(model, announce, clock);
        SessionServices services = session == null
                ? SessionServices.none()
                : new RunServices(
                        session, context.config().session().orElseThrow().lssUrl(), client);
        ExecutorService updates = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("model-updates").daemon().factory());
        context.onShutdown(updates::shutdownNow);
        String sessionId = session == null ? null : session.sessionId();
        ModelActions actions = new ModelActions(
                model,
                access,
                exports,
                announce,
                (id, call) -> deleteFromCatalog(client, authUrl, id, call),
                new JobSaves(board, access, sessionId));
        ParametricUpdates edits = new ParametricUpdates(board, services, client, updates, actions::saved);
        actions.register(context.actions(), edits);
        new JobActions(
                        board,
                        (call, needed) -> access.require(call, model.get().project(), needed),
                        sessionId,
                        services,
                        client,
                        edits::cancel)
                .register(context.actions());
        // The data path: payloads as raw bytes, for the relay's /data (docs/arrays.md).
        context.addStreamRoute(DataEndpoint.route(current::get, access, database, payloadCache(context)));
    }

    /** The payload cache in --payload-cache-dir, or in a temporary directory removed at exit. */
    private static PayloadCache payloadCache(ServiceContext context) throws IOException {
        Path directory = context.settings().get(PAYLOAD_CACHE_DIR);
        if (directory == null) {
            Path temporary = Files.createTempDirectory("opentwin-model-payloads");
            context.onShutdown(() -> deleteTree(temporary));
            directory = temporary;
        }
        try {
            return PayloadCache.open(
                    new PayloadCacheOptions(directory, context.settings().get(PAYLOAD_CACHE_BYTES)));
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "cannot use " + directory + " for the payload cache (--payload-cache-dir): " + e,
                    e);
        }
    }

    /**
     * The project being served. {@code Run} comes in the reply to this service's confirmation,
     * so the LSS may report the session running (and a client may ask) a moment before the
     * project is open: a request then waits for it, up to {@link #OPEN_WAIT}, instead of being
     * refused.
     *
     * @throws PublicException 409 when no {@code Run} came within the wait
     */
    private static ProjectModel opened(AtomicReference<ProjectModel> current) {
        long deadline = System.nanoTime() + OPEN_WAIT.toNanos();
        synchronized (current) {
            ProjectModel opened = current.get();
            while (opened == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw PublicException.conflict("the session is not running yet; try again when it is");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(current, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw PublicException.conflict("the session is not running yet; try again when it is");
                }
                opened = current.get();
            }
            return opened;
        }
    }

    /** The job board of the project being served, made once per opened model. */
    private static Supplier<JobBoard> boards(Supplier<ProjectModel> model, Consumer<Object> announce, Clock clock) {
        AtomicReference<Map.Entry<ProjectModel, JobBoard>> made = new AtomicReference<>();
        return () -> {
            ProjectModel opened = model.get();
            return made.updateAndGet(entry -> entry != null && entry.getKey() == opened
                            ? entry
                            : Map.entry(opened, JobBoard.open(opened.jobStore(), announce, clock)))
                    .getValue();
        };
    }

    static ModelOptions options(Settings settings) {
        return new ModelOptions(
                settings.get(INLINE_LIMIT_BYTES),
                settings.get(FULL_EVERY),
                Duration.ofMillis(settings.get(SAVE_LEASE_MS)),
                ModelOptions.DEFAULTS.cached());
    }

    private static ProjectModel open(MongoDatabase database, String project, ModelOptions options, Clock clock) {
        try {
            ProjectModel model = new ProjectModel(database, project, options, clock).open();
            LOG.info(
                    "serving the model of project {} at version {}",
                    project,
                    model.head().version());
            return model;
        } catch (IllegalArgumentException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "invalid project id: " + e.getMessage(), e);
        }
    }

    /** Best effort: a session without a relay, or without clients, is not an error. */
    private static void announce(SessionMembership session, Object event) {
        if (session == null) {
            return;
        }
        try {
            session.pushToClients(event);
        } catch (PublicException | PeerCallException e) {
            LOG.debug("could not tell the session's clients about {}: {}", event, e.getMessage(), e);
        }
    }

    private static void deleteFromCatalog(ServiceClient client, URI authUrl, String project, CallContext call) {
        if (call.caller().token() == null) {
            throw PublicException.forbidden("only a user may delete a project");
        }
        try {
            client.callOnBehalfOf(
                    authUrl,
                    Json.mapper().valueToTree(Map.of("action", "Project.Delete", "project", project)),
                    call.caller().token());
        } catch (PeerCallException e) {
            throw new PublicException(
                    e.httpStatus() >= 400 && e.httpStatus() < 600 ? e.httpStatus() : 502,
                    "the project's data is deleted, but AUTH did not remove it from the catalog: " + e.reason());
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
