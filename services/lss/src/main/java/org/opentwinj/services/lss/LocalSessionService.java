package org.opentwinj.services.lss;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.platform.spawner.Spawner;
import org.opentwinj.platform.spawner.SpawnerBackend;
import org.opentwinj.platform.spawner.SpawnerConfig;
import org.opentwinj.platform.spawner.local.LocalProcessSpawner;
import org.opentwinj.platform.spawner.local.LocalSpawnerConfig;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.lss.gss.GssLink;
import org.opentwinj.services.lss.gss.LssIdentity;
import org.opentwinj.services.lss.launch.LaunchPolicy;
import org.opentwinj.services.lss.launch.LaunchSettings;
import org.opentwinj.services.lss.pool.LocalPoolMembers;
import org.opentwinj.services.lss.pool.PoolConfig;
import org.opentwinj.services.lss.pool.PoolSettings;
import org.opentwinj.services.lss.pool.PoolSite;
import org.opentwinj.services.lss.pool.ServicePool;
import org.opentwinj.services.lss.pool.ServicePoolFactory;
import org.opentwinj.services.lss.session.RecoveredService;
import org.opentwinj.services.lss.session.ServiceSlot;
import org.opentwinj.services.lss.session.SessionObserver;
import org.opentwinj.services.lss.session.SessionServices;
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

    /** The spawners on the class path; found once, since their settings are part of the LSS's. */
    private final SpawnerProviders spawners = SpawnerProviders.load(LssSettings.ALL);

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
        List<Setting<?>> settings = new ArrayList<>(LssSettings.ALL);
        settings.addAll(PoolSettings.ALL);
        settings.addAll(spawners.settings());
        return settings;
    }

    @Override
    public boolean requiresDatabase() {
        return true;
    }

    @Override
    public void start(ServiceContext context) {
        LssConfig config = LssConfig.read(context.config(), context.settings(), spawners);
        SupervisorConfig supervision = config.supervision();
        CertificateAuthority ca = CertificateAuthority.load(config.caCertificate(), config.caKey());
        SpawnerBackend<?> backend = config.spawner().create();
        // Registered first, so that it closes last: the supervisor may still stop services while shutting down.
        context.onShutdown(backend.resources());
        context.addReadinessCheck(() -> backend.problem().get());
        Spawner<?> spawner = backend.spawner();

        SessionStore store = new SessionStore(context.database().orElseThrow().database(), config.id());
        GssLink gss = new GssLink(
                context.client(),
                config.gssUrl(),
                new LssIdentity(
                        config.id(),
                        context.config().serviceUrl(),
                        supervision.capacity(),
                        config.sessionTypes().names()),
                store);
        ServiceClient pingClient = new ServiceClient(
                context.tls().clientContext(), ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(2)));
        PoolConfig poolConfig = PoolConfig.read(context.settings());
        ServicePool pool = config.spawner() instanceof LocalSpawnerConfig
                ? warmPool(
                        config.spawner(),
                        spawner,
                        poolConfig,
                        new LocalPoolMembers.WarmupDatabase(
                                config.launch().environment(), Optional.of(config.caCertificate())))
                : ServicePoolFactory.forSpawner(
                        config.spawnerName(), backend, config.spawner(), poolConfig, new PoolSite(ca, context.tls()));
        // Registered before the supervisor's step, so that it closes after it: no session takes a JVM from a closed
        // pool.
        context.onShutdown(pool);
        SessionSupervisor supervisor = supervisor(
                backend,
                ca,
                config.launch(),
                new RemoteSessionServices(context.client(), pingClient),
                supervision,
                gss,
                gss::relayUrl,
                gss::lssGrace,
                pool);
        recover(store, spawner, supervisor, config.sessionTypes());
        spawner.removeOrphans(Set.copyOf(supervisor.activeSessionIds()));
        LssActions.register(context.actions(), supervisor, config.sessionTypes(), config.id(), supervision.capacity());
        gss.start(supervisor);

        context.onShutdown(pingClient);
        context.onShutdown(gss);
        context.onShutdown(() -> {
            supervisor.shutdown(
                    config.stopSessionsOnExit(), supervision.stopGrace().plusSeconds(5));
            gss.flush(Duration.ofSeconds(3));
        });
        context.addReadinessCheck(() -> gss.isRegistered()
                ? Optional.empty()
                : Optional.of("not registered at the GSS " + config.gssUrl() + " yet"));
        LOG.info(
                "LSS {} runs up to {} sessions of types {} with the {} spawner: {}",
                config.id(),
                supervision.capacity(),
                config.sessionTypes().names(),
                config.spawnerName(),
                config.spawner().describe());
    }

    /** The supervisor on a spawner and the launch policy over its backend: both of one request kind. */
    private static <R extends SpawnRequest> SessionSupervisor supervisor(
            SpawnerBackend<R> backend,
            CertificateAuthority ca,
            LaunchSettings launch,
            SessionServices services,
            SupervisorConfig supervision,
            SessionObserver gss,
            Supplier<URI> relayUrl,
            Supplier<Duration> lssGrace,
            ServicePool pool) {
        return new SessionSupervisor(
                backend.spawner(),
                new LaunchPolicy<>(backend.launch(), ca, launch, lssGrace),
                services,
                supervision,
                gss,
                Clock.systemUTC(),
                relayUrl,
                pool);
    }

    /**
     * The warm pool of the local spawner; none with {@code --pool-size 0}. Other spawners' pools
     * come from their {@link ServicePoolFactory} (Kubernetes: docs/kubernetes-spawner.md).
     */
    private static ServicePool warmPool(
            SpawnerConfig spawnerConfig, Spawner<?> spawner, PoolConfig pool, LocalPoolMembers.WarmupDatabase warmup) {
        if (pool.size() == 0
                || !(spawnerConfig instanceof LocalSpawnerConfig local)
                || !(spawner instanceof LocalProcessSpawner processes)) {
            return ServicePool.none();
        }
        LOG.info("keeping a warm pool of {} JVMs (nice {})", pool.size(), pool.nice());
        return LocalPoolMembers.pool(
                new LocalPoolMembers(
                        processes,
                        local.launcherCommand(),
                        local.jvmOptions(),
                        local.workDirectory(),
                        pool.nice(),
                        warmup),
                pool);
    }

    /**
     * A stored service's slot as the session types define it now (whether it starts on demand);
     * a service the types no longer name is treated as one started at open.
     */
    private static ServiceSlot slotOf(SessionTypes types, String type, StoredSession.StoredService service) {
        return types.find(type)
                .flatMap(slots -> slots.stream()
                        .filter(slot -> slot.name().equals(service.name())
                                && slot.service().equals(service.service()))
                        .findFirst())
                .orElseGet(() -> new ServiceSlot(service.name(), service.service()));
    }

    /** Reattaches to the sessions this LSS ran before it restarted. */
    private static void recover(
            SessionStore store, Spawner<?> spawner, SessionSupervisor supervisor, SessionTypes types) {
        for (StoredSession stored : store.mine()) {
            List<RecoveredService> services = new ArrayList<>();
            for (StoredSession.StoredService service : stored.services()) {
                Optional<SpawnHandle> handle =
                        service.spawn() == null ? Optional.empty() : spawner.reattach(service.spawn());
                services.add(new RecoveredService(
                        slotOf(types, stored.type(), service),
                        service.port(),
                        service.url(),
                        handle,
                        service.restarts(),
                        service.lastStart()));
            }
            SessionState phase = SessionState.valueOf(stored.phase());
            if (phase.isEnded()
                    || services.stream()
                            .anyMatch(s -> s.url() == null && !s.slot().onDemand())) {
                phase = SessionState.STARTING;
            }
            LOG.info(
                    "taking over session {} ({} of {} services still run)",
                    stored.id(),
                    services.stream().filter(s -> s.handle().isPresent()).count(),
                    services.size());
            supervisor.adopt(
                    stored.id(),
                    stored.project(),
                    stored.user(),
                    stored.type(),
                    stored.createdAt() == null ? Instant.now() : stored.createdAt(),
                    stored.lastSeq(),
                    phase,
                    services);
        }
    }
}
