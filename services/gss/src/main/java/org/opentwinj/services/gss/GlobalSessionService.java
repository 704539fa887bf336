package org.opentwinj.services.gss;

import com.mongodb.client.MongoDatabase;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.DemandRequest;
import org.opentwinj.platform.session.SessionRequest;
import org.opentwinj.platform.session.StartRequest;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
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
 * The GlobalSessionService (GSS): the registry of LSSs with heartbeats, service information
 * for clients, and sessions: which LSS runs which project for whom. Needs the database and
 * AUTH; keeps all its state in the database.
 */
public final class GlobalSessionService implements ServiceDefinition {
    public static final Setting<URI> RELAY_URL = Setting.of(
            "relay-url",
            "URL of the relay as services reach it (told to LSSs for their sessions)",
            null,
            ValueParsers.HTTPS_URL);
    public static final Setting<URI> PUBLIC_RELAY_URL = Setting.of(
            "public-relay-url",
            "URL of the relay as thin clients reach it (default: --relay-url)",
            null,
            ValueParsers.HTTPS_URL);
    public static final Setting<URI> PUBLIC_AUTH_URL = Setting.of(
            "public-auth-url",
            "URL of AUTH as thin clients reach it (default: --auth-url)",
            null,
            ValueParsers.HTTPS_URL);
    public static final Setting<Long> HEARTBEAT_INTERVAL_MS = Setting.of(
            "heartbeat-interval-ms",
            "how often each LSS sends a heartbeat",
            2_000L,
            ValueParsers.longValue(100, 600_000));
    public static final Setting<Integer> HEARTBEAT_MISSES = Setting.of(
            "heartbeat-misses",
            "missed heartbeats after which an LSS counts as silent: its running sessions become RECOVERING while"
                    + " the GSS waits for it (--lss-grace-ms)",
            3,
            ValueParsers.integer(1, 1000));
    public static final Setting<Long> LSS_GRACE_MS = Setting.of(
            "lss-grace-ms",
            "how long after its last heartbeat a silent LSS is waited for: a restarted LSS takes its sessions back"
                    + " within it; after it the LSS is dropped, its sessions are LOST, their projects free, and its"
                    + " session services stop by themselves; at least heartbeat-interval-ms x heartbeat-misses",
            60_000L,
            ValueParsers.longValue(1_000, 86_400_000));
    public static final Setting<Integer> SESSION_EVENT_LIMIT = Setting.of(
            "session-event-limit", "progress events kept per session", 200, ValueParsers.integer(10, 10_000));

    /** How long a demand for an on-demand service may take: the LSS's confirm timeout and a margin. */
    private static final Duration DEMAND_TIMEOUT = Duration.ofSeconds(90);

    @Override
    public String name() {
        return "gss";
    }

    @Override
    public String description() {
        return "Global session service: LSS registry and heartbeats, service information, sessions.";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(
                RELAY_URL,
                PUBLIC_RELAY_URL,
                PUBLIC_AUTH_URL,
                HEARTBEAT_INTERVAL_MS,
                HEARTBEAT_MISSES,
                LSS_GRACE_MS,
                SESSION_EVENT_LIMIT);
    }

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public void start(ServiceContext context) {
        GssConfig config = config(context.config().authUrl(), context.settings());
        MongoDatabase database = context.database().orElseThrow().database();
        Clock clock = Clock.systemUTC();
        ServiceClient client = context.client();
        LssRegistry registry = new LssRegistry(database);
        HeartbeatsReceived received = new HeartbeatsReceived();
        SessionLifecycle sessions = new SessionLifecycle(
                new SessionStore(database),
                new ProjectLocks(database),
                registry,
                received,
                new RemoteLss(client),
                new AuthProjectRights(client, config.authUrl()),
                config,
                clock);
        new SessionActions(
                        sessions,
                        config.publicRelayUrl(),
                        new LoggerSessionLogs(
                                client, context.config().loggerUrl().orElse(null)))
                .register(context.actions());
        new LssActions(registry, received, sessions, config, clock).register(context.actions());
        CommandCatalogue catalogue = new CommandCatalogue(database, clock);
        sessions.onReport(report -> catalogue.keep(report.commands()));
        // A demand waits for the service to start: up to the LSS's confirm timeout (60 s by default).
        ServiceClient demandClient = new ServiceClient(
                context.tls().clientContext(), ClientOptions.DEFAULT.withRequestTimeout(DEMAND_TIMEOUT));
        context.onShutdown(demandClient);
        new OnDemandActions(sessions, catalogue, new RemoteLss(demandClient)).register(context.actions());
        ServiceInfoAction.register(context.actions(), context.info(), config);

        HeartbeatMonitor monitor =
                new HeartbeatMonitor(registry, received, sessions, config.heartbeatTimeout(), config.lssGrace(), clock);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("gss-heartbeats").factory());
        long interval = config.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(monitor::sweep, interval, interval, TimeUnit.MILLISECONDS);
        context.onShutdown(scheduler::shutdownNow);
        context.addReadinessCheck(() -> context.database().orElseThrow().ping()
                ? Optional.empty()
                : Optional.of("the database does not answer"));
    }

    static GssConfig config(Optional<URI> authUrl, Settings settings) {
        URI auth = authUrl.orElseThrow(() -> new ExitException(
                ExitCode.INVALID_CONFIGURATION, "the GSS needs AUTH: give --auth-url (OPEN_TWIN_AUTH_URL)"));
        URI relay = settings.get(RELAY_URL);
        URI publicRelay = Optional.ofNullable(settings.get(PUBLIC_RELAY_URL)).orElse(relay);
        URI publicAuth = Optional.ofNullable(settings.get(PUBLIC_AUTH_URL)).orElse(auth);
        Duration interval = Duration.ofMillis(settings.get(HEARTBEAT_INTERVAL_MS));
        int misses = settings.get(HEARTBEAT_MISSES);
        Duration grace = Duration.ofMillis(settings.get(LSS_GRACE_MS));
        if (grace.compareTo(interval.multipliedBy(misses)) < 0) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "--lss-grace-ms (" + grace.toMillis() + ") must be at least --heartbeat-interval-ms x"
                            + " --heartbeat-misses ("
                            + interval.multipliedBy(misses).toMillis() + ")");
        }
        return new GssConfig(
                auth,
                publicAuth,
                relay,
                publicRelay,
                interval,
                misses,
                grace,
                settings.get(SESSION_EVENT_LIMIT),
                Duration.ofSeconds(30));
    }

    /** The GSS's calls to LSSs, over mTLS. */
    private record RemoteLss(ServiceClient client) implements LssCalls {
        @Override
        public void start(URI lss, StartRequest request) {
            client.call(lss, ActionNames.SESSION_START, request);
        }

        @Override
        public void stop(URI lss, String session) {
            client.callIdempotent(lss, ActionNames.SESSION_STOP, new SessionRequest(session));
        }

        @Override
        public DemandReply demand(URI lss, DemandRequest request) {
            return Json.mapper()
                    .convertValue(client.callIdempotent(lss, ActionNames.SERVICE_DEMAND, request), DemandReply.class);
        }
    }
}
