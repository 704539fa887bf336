package org.opentwinj.services.lss;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.CommonConfig;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.Spawner;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawner;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawnerConfig;
import org.opentwinj.platform.spawner.local.LocalProcessSpawner;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.lss.gss.GssLink;
import org.opentwinj.services.lss.gss.LssIdentity;
import org.opentwinj.services.lss.launch.KubernetesLaunchConfig;
import org.opentwinj.services.lss.launch.KubernetesLaunchPlanner;
import org.opentwinj.services.lss.launch.LocalLaunchConfig;
import org.opentwinj.services.lss.launch.LocalLaunchPlanner;
import org.opentwinj.services.lss.launch.PortAllocator;
import org.opentwinj.services.lss.session.LaunchPlanner;
import org.opentwinj.services.lss.session.RecoveredService;
import org.opentwinj.services.lss.session.RestartPolicy;
import org.opentwinj.services.lss.session.ServiceSlot;
import org.opentwinj.services.lss.session.SessionSupervisor;
import org.opentwinj.services.lss.session.SessionTypes;
import org.opentwinj.services.lss.session.SupervisorConfig;
import org.opentwinj.services.lss.store.SessionStore;
import org.opentwinj.services.lss.store.StoredSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LocalSessionService (LSS): registers at the GSS, and per session starts the services
 * its type needs through a spawner, supervises them and stops them. Needs the database (to
 * find its sessions again after a restart), the GSS, and a CA key to issue session services'
 * certificates.
 */
public final class LocalSessionService implements ServiceDefinition {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSessionService.class);
    /** The entry point session services are started with: the launcher's CLI. */
    static final String LAUNCHER_MAIN = "org.opentwinj.cli.OpenTwinCli";
    private static final List<String> SPAWNERS = List.of(LocalProcessSpawner.NAME, KubernetesSpawner.NAME);

    @Override
    public String name() {
        return "lss";
    }

    @Override
    public String description() {
        return "Local session service: starts, supervises and stops the services of sessions.";
    }

    @Override
    public List<Setting<?>> settings() {
        return LssSettings.ALL;
    }

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public void start(ServiceContext context) {
        CommonConfig common = context.config();
        Settings settings = context.settings();
        URI gssUrl = common.gssUrl().orElseThrow(() -> configError("the LSS needs the GSS: give --gss-url (OPEN_TWIN_GSS_URL)"));
        SessionTypes types = sessionTypes(settings.get(LssSettings.SESSION_TYPES));
        String id = Optional.ofNullable(settings.get(LssSettings.LSS_ID))
                .orElse("lss-" + common.serviceUrl().getHost().replace(':', '-') + "-" + common.port());
        String spawnerName = spawnerName(settings.get(LssSettings.SPAWNER));
        // Check the kubernetes settings before anything is loaded or connected.
        Optional<KubernetesSpawnerConfig> kubernetes = KubernetesSpawner.NAME.equals(spawnerName)
                ? Optional.of(kubernetesSettings(settings, id)) : Optional.empty();
        SupervisorConfig supervision = supervisorConfig(settings);

        Path workDirectory = Optional.ofNullable(settings.get(LssSettings.WORK_DIR))
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "opentwin-lss-" + common.port())).toAbsolutePath();
        Path caFile = common.certificates().ca().orElseThrow();
        Path caKey = Optional.ofNullable(settings.get(LssSettings.SESSION_CA_KEY)).or(() -> common.certificates().caKey())
                .orElseThrow(() -> new ExitException(ExitCode.CERTIFICATE_ERROR,
                        "the LSS issues its session services' certificates: give --session-ca-key (OPEN_TWIN_SESSION_CA_KEY)"));
        CertificateAuthority ca = CertificateAuthority.load(caFile, caKey);
        Spawner spawner;
        LaunchPlanner planner;
        String where;
        if (kubernetes.isPresent()) {
            KubernetesLaunchConfig launch = KubernetesLaunch.launchConfig(settings, kubernetes.get(), caFile, common.certificates().validity(),
                    common.serviceUrl(), childSettings(common, false), common.databaseUrl());
            KubernetesSpawner pods = KubernetesLaunch.connect(kubernetes.get());
            // Registered first, so that it closes last: the supervisor may still stop pods while shutting down.
            context.onShutdown(pods);
            context.addReadinessCheck(pods::problem);
            spawner = pods;
            planner = new KubernetesLaunchPlanner(launch, ca, pods);
            where = "pods in namespace " + kubernetes.get().namespace() + " from " + launch.imageRepository() + " (tag " + launch.imageTag() + ")";
        } else {
            LocalLaunchConfig launch = new LocalLaunchConfig(common.serviceUrl().getHost(), common.bindHost(), workDirectory, caFile,
                    common.certificates().validity(), common.serviceUrl(), LAUNCHER_MAIN, settings.get(LssSettings.SESSION_JAVA_OPTIONS),
                    childSettings(common, true));
            spawner = new LocalProcessSpawner();
            planner = new LocalLaunchPlanner(launch, ca, ports(settings.get(LssSettings.PORT_RANGE), common.bindHost()));
            where = "processes; work directory " + workDirectory;
        }

        SessionStore store = new SessionStore(context.database().orElseThrow().database(), id);
        GssLink gss = new GssLink(context.client(), gssUrl, new LssIdentity(id, common.serviceUrl(), supervision.capacity(), types.names()), store);
        ServiceClient pingClient = new ServiceClient(context.tls().clientContext(),
                ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(2)));
        SessionSupervisor supervisor = new SessionSupervisor(spawner, planner, new RemoteSessionServices(context.client(), pingClient),
                supervision, gss, Clock.systemUTC(), gss::relayUrl);
        recover(store, spawner, supervisor);
        spawner.removeOrphans(java.util.Set.copyOf(supervisor.activeSessionIds()));
        LssActions.register(context.actions(), supervisor, types, id, supervision.capacity());
        gss.start(supervisor);

        boolean stopSessions = settings.get(LssSettings.STOP_SESSIONS_ON_EXIT);
        context.onShutdown(pingClient);
        context.onShutdown(gss);
        context.onShutdown(() -> {
            supervisor.shutdown(stopSessions, supervision.stopGrace().plusSeconds(5));
            gss.flush(Duration.ofSeconds(3));
        });
        context.addReadinessCheck(() -> gss.isRegistered() ? Optional.empty() : Optional.of("not registered at the GSS " + gssUrl + " yet"));
        LOG.info("LSS {} runs up to {} sessions of types {} with the {} spawner: {}", id, supervision.capacity(),
                types.names(), spawner.name(), where);
    }

    /** Reattaches to the sessions this LSS ran before it restarted. */
    private static void recover(SessionStore store, Spawner spawner, SessionSupervisor supervisor) {
        for (StoredSession stored : store.mine()) {
            List<RecoveredService> services = new ArrayList<>();
            for (StoredSession.StoredService service : stored.services()) {
                Optional<SpawnHandle> handle = service.spawn() == null ? Optional.empty() : spawner.reattach(service.spawn());
                services.add(new RecoveredService(new ServiceSlot(service.name(), service.service()), service.port(), service.url(),
                        handle, service.restarts(), service.lastStart()));
            }
            SessionState phase = SessionState.valueOf(stored.phase());
            if (phase.isEnded() || services.stream().anyMatch(s -> s.url() == null)) {
                phase = SessionState.STARTING;
            }
            LOG.info("taking over session {} ({} of {} services still run)", stored.id(),
                    services.stream().filter(s -> s.handle().isPresent()).count(), services.size());
            supervisor.adopt(stored.id(), stored.project(), stored.user(), stored.type(),
                    stored.createdAt() == null ? Instant.now() : stored.createdAt(), stored.lastSeq(), phase, services);
        }
    }

    /** Connects to the API server (in a pod: with its service account) and starts watching this LSS's pods. */
    /**
     * The kubernetes spawner's settings. Only this path touches the spawner's classes and the
     * Kubernetes client: the {@code lss} image (session services as processes in its container)
     * leaves them out, so that the class of this service must load without them.
     */
    private static KubernetesSpawnerConfig kubernetesSettings(Settings settings, String id) {
        try {
            return KubernetesLaunch.spawnerConfig(settings, id, KubernetesLaunch.POD_NAMESPACE_FILE);
        } catch (NoClassDefFoundError e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, "this LSS has no kubernetes spawner (missing "
                    + e.getMessage() + "): the lss image starts session services as processes; run the lss-kubernetes image "
                    + "for --spawner kubernetes", e);
        }
    }

    /**
     * The flags every session service gets from its LSS.
     *
     * @param withDatabase whether the database URL is among them (pods get it as a variable from their secret instead)
     */
    private static List<String> childSettings(CommonConfig common, boolean withDatabase) {
        List<String> flags = new ArrayList<>(List.of("--site-id", common.siteId(), "--log-level", common.logLevel()));
        common.loggerUrl().ifPresent(url -> flags.addAll(List.of("--logger-url", url.toString())));
        common.authUrl().ifPresent(url -> flags.addAll(List.of("--auth-url", url.toString())));
        // The project's data lives in the platform's database (the Model service reads and writes it).
        if (withDatabase) {
            common.databaseUrl().ifPresent(url -> flags.addAll(List.of("--database-url", url)));
        }
        return flags;
    }

    static SupervisorConfig supervisorConfig(Settings settings) {
        Duration initial = Duration.ofMillis(settings.get(LssSettings.RESTART_INITIAL_DELAY_MS));
        Duration max = Duration.ofMillis(settings.get(LssSettings.RESTART_MAX_DELAY_MS));
        if (max.compareTo(initial) < 0) {
            throw configError("--restart-max-delay-ms must not be less than --restart-initial-delay-ms");
        }
        return new SupervisorConfig(settings.get(LssSettings.CAPACITY), settings.get(LssSettings.SPAWN_LIMIT),
                Duration.ofMillis(settings.get(LssSettings.CONFIRM_TIMEOUT_MS)), Duration.ofMillis(settings.get(LssSettings.STOP_GRACE_MS)),
                Duration.ofMillis(settings.get(LssSettings.POLL_INTERVAL_MS)), Duration.ofMillis(settings.get(LssSettings.HEALTH_INTERVAL_MS)),
                settings.get(LssSettings.HEALTH_FAILURES), new RestartPolicy(initial, max,
                        Duration.ofMillis(settings.get(LssSettings.RESTART_RESET_MS)), settings.get(LssSettings.RESTART_LIMIT)));
    }

    static SessionTypes sessionTypes(String text) {
        try {
            return SessionTypes.parse(text);
        } catch (IllegalArgumentException e) {
            throw configError("invalid --session-types: " + e.getMessage());
        }
    }

    /** The spawner's name, if it is one this LSS has. */
    static String spawnerName(String name) {
        if (SPAWNERS.contains(name)) {
            return name;
        }
        throw configError("unknown --spawner '" + name + "'; valid: " + String.join(", ", SPAWNERS));
    }

    static PortAllocator ports(String range, String bindHost) {
        String[] parts = range.split("-");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new PortAllocator(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()), InetAddress.getByName(bindHost));
        } catch (NumberFormatException e) {
            throw configError("invalid --port-range '" + range + "': write first-last, e.g. 20000-20999");
        } catch (IllegalArgumentException e) {
            throw configError("invalid --port-range '" + range + "': " + e.getMessage());
        } catch (UnknownHostException e) {
            throw configError("cannot resolve --bind " + bindHost + ": " + e.getMessage());
        }
    }

    private static ExitException configError(String message) {
        return new ExitException(ExitCode.INVALID_CONFIGURATION, message);
    }

}
