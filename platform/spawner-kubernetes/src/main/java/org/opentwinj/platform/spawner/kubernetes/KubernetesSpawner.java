package org.opentwinj.platform.spawner.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Deletable;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.opentwinj.platform.spawner.ContainerRequest;
import org.opentwinj.platform.spawner.ExitStatus;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnState;
import org.opentwinj.platform.spawner.Spawner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each session service as a pod in the LSS's namespace, so that Kubernetes places them
 * on the cluster's nodes. Per session, a ConfigMap owns the session's pods and secrets; every
 * object carries the LSS's id, so a restarted LSS finds its pods again and removes those of
 * sessions it no longer has. The state of a handle is the pod's name and uid: a pod recreated
 * under the same name is never mistaken for the one that was started.
 *
 * <p>Mechanism only, as the SPI asks: the LSS decides what to run, with which certificate, and
 * when to restart. {@link #poll} and {@link #isReady} answer from a watched cache and never
 * call the API server.
 */
public final class KubernetesSpawner implements Spawner<ContainerRequest>, AutoCloseable {
    public static final String NAME = "kubernetes";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesSpawner.class);
    private static final String NAMESPACE = "namespace";
    private static final String POD = "pod";
    private static final String UID = "uid";
    private static final String SESSION = "session";
    private static final String SERVICE = "service";
    private static final Duration POLL_STEP = Duration.ofMillis(100);
    private static final int LOG_LINES = 40;

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final KubernetesSpawnerConfig config;
    private final PodSpecs specs;
    private final PodWatch watch;
    /** The owner object of each session, once created or found. */
    private final Map<String, ConfigMap> owners = new ConcurrentHashMap<>();

    private KubernetesSpawner(KubernetesClient client, boolean ownsClient, KubernetesSpawnerConfig config) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.config = config;
        this.specs = new PodSpecs(config);
        this.watch = new PodWatch(client, config);
    }

    /**
     * A spawner on a client configured from the environment: in a pod, its service account;
     * elsewhere, the kubeconfig. Starts watching before it returns.
     */
    public static KubernetesSpawner connect(KubernetesSpawnerConfig config) {
        return start(new KubernetesSpawner(new KubernetesClientBuilder().build(), true, config));
    }

    /** A spawner on a given client (tests, the mock server); the client stays the caller's. */
    public static KubernetesSpawner withClient(KubernetesClient client, KubernetesSpawnerConfig config) {
        return start(new KubernetesSpawner(client, false, config));
    }

    private static KubernetesSpawner start(KubernetesSpawner spawner) {
        spawner.watch.start();
        return spawner;
    }

    public KubernetesSpawnerConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SpawnHandle start(ContainerRequest request, Consumer<String> progress) {
        String name = PodNames.pod(request.session(), request.service());
        ConfigMap owner = owner(request.session(), request.project());
        removePrevious(name, request.session());
        removeFormerPoolPod(request, name);
        createSecret(name, specs.secret(request, owner));
        Pod pod;
        try {
            pod = client.pods()
                    .inNamespace(config.namespace())
                    .resource(specs.pod(request, owner))
                    .create();
        } catch (KubernetesClientException e) {
            deleteQuietly(client.secrets().inNamespace(config.namespace()).withName(name), "secret " + name);
            throw new SpawnException("cannot create pod " + name + ": " + describe(e), e);
        }
        progress.accept(request.service() + ": pod " + name + " created (image " + request.image() + ")");
        return adopt(pod, request.session(), request.service());
    }

    /**
     * Takes a pod it did not create with {@link #start} (a pod of the warm pool, relabelled for
     * its session) as a session service's: watched, stopped and reattached like one it created.
     * The handle's state names the pod by name and uid, as for any other.
     */
    public SpawnHandle adopt(Pod pod, String session, String service) {
        watch.track(pod);
        return new SpawnHandle(
                session,
                service,
                new SpawnState(
                        NAME,
                        Map.of(
                                NAMESPACE,
                                config.namespace(),
                                POD,
                                pod.getMetadata().getName(),
                                UID,
                                pod.getMetadata().getUid(),
                                SESSION,
                                session,
                                SERVICE,
                                service)));
    }

    /**
     * A pod of this LSS as the watch last saw it, while it exists: how the warm pool follows its
     * pods without asking the API server. Empty for a pod deleted or not (yet) seen.
     */
    public Optional<Pod> watched(String uid) {
        return watch.find(uid).filter(known -> !known.deleted()).map(PodWatch.Known::pod);
    }

    /** Whether a pod has a Ready condition that is true. */
    public static boolean isReady(Pod pod) {
        return PodStatuses.isReady(pod);
    }

    /** Whether a pod's container has ended or cannot start (image, configuration). */
    public static boolean hasEnded(Pod pod) {
        return PodStatuses.exit(pod).isPresent();
    }

    /**
     * The session's owner object, created on first use: the warm pool makes a taken pod the
     * session's with it.
     *
     * @throws SpawnException when it can neither be found nor created
     */
    public ConfigMap sessionOwner(String session, String project) {
        return owner(session, project);
    }

    /** The client the spawner talks to the API server with (the warm pool shares it). */
    public KubernetesClient client() {
        return client;
    }

    /**
     * Creates the pod's secret; one left by an earlier start (its certificate may be another) is
     * deleted and created again: the LSS's Role allows create and delete, not update.
     */
    private void createSecret(String name, Secret secret) {
        var secrets = client.secrets().inNamespace(config.namespace());
        try {
            try {
                secrets.resource(secret).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                secrets.withName(name).delete();
                secrets.resource(secret).create();
            }
        } catch (KubernetesClientException e) {
            throw new SpawnException("cannot create the secret of pod " + name + ": " + describe(e), e);
        }
    }

    /** The session's owner object: found, or created on the session's first start. */
    private ConfigMap owner(String session, String project) {
        ConfigMap known = owners.get(session);
        if (known != null) {
            return known;
        }
        var resource = client.configMaps().inNamespace(config.namespace()).withName(PodNames.sessionOwner(session));
        try {
            ConfigMap owner = resource.get();
            if (owner == null) {
                try {
                    owner = client.configMaps()
                            .inNamespace(config.namespace())
                            .resource(specs.sessionOwner(session, project))
                            .create();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                        throw e;
                    }
                    // Another service of the session created it at the same moment.
                    owner = resource.get();
                }
            }
            owners.put(session, owner);
            return owner;
        } catch (KubernetesClientException e) {
            throw new SpawnException(
                    "cannot create the owner object " + PodNames.sessionOwner(session) + " of session " + session + ": "
                            + describe(e),
                    e);
        }
    }

    /**
     * Deletes the pod a previous start of the same service left (a crashed pod stays, with
     * restartPolicy Never), and waits until it is gone: its name is needed again.
     */
    private void removePrevious(String name, String session) {
        var resource = client.pods().inNamespace(config.namespace()).withName(name);
        Pod previous;
        try {
            previous = resource.get();
        } catch (KubernetesClientException e) {
            throw new SpawnException("cannot look up pod " + name + ": " + describe(e), e);
        }
        if (previous == null) {
            return;
        }
        String owner = previous.getMetadata().getLabels() == null
                ? null
                : previous.getMetadata().getLabels().get(PodNames.SESSION);
        if (!PodNames.labelValue(session).equals(owner)) {
            throw new SpawnException(
                    "pod " + name + " exists already for session " + owner
                            + " (sessions whose ids share the first 8 characters"
                            + " cannot run the same service in one namespace)",
                    null);
        }
        LOG.info(
                "deleting the previous pod {} (uid {}) before starting it again",
                name,
                previous.getMetadata().getUid());
        resource.withGracePeriod(0).delete();
        if (!awaitGone(name, previous.getMetadata().getUid(), config.startTimeout())) {
            throw new SpawnException(
                    "the previous pod " + name + " did not go within "
                            + config.startTimeout().toSeconds() + " s",
                    null);
        }
    }

    /**
     * Deletes the pod a service ran in before when that was a warm pool pod (another name, the
     * same session and service labels, and the host name the new pod takes on), and waits until
     * it is gone: two pods must not answer to one name. Only for a service placed at a pool pod.
     */
    private void removeFormerPoolPod(ContainerRequest request, String name) {
        boolean placedAtPoolPod = PodSpecs.serviceUrl(request)
                .flatMap(url -> PodNames.hostAndSubdomain(url, config.namespace()))
                .filter(host -> !host.subdomain().equals(config.sessionsService()))
                .isPresent();
        if (!placedAtPoolPod) {
            return;
        }
        List<Pod> former;
        try {
            former = client.pods()
                    .inNamespace(config.namespace())
                    .withLabels(Map.of(
                            PodNames.LSS,
                            PodNames.labelValue(config.lssId()),
                            PodNames.SESSION,
                            PodNames.labelValue(request.session()),
                            PodNames.SERVICE,
                            PodNames.labelValue(request.service())))
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            throw new SpawnException("cannot look up the former pod of " + request.service() + ": " + describe(e), e);
        }
        for (Pod pod : former) {
            if (pod.getMetadata().getName().equals(name)) {
                continue;
            }
            LOG.info(
                    "deleting the former pool pod {} of {} before starting it again",
                    pod.getMetadata().getName(),
                    request.service());
            client.pods()
                    .inNamespace(config.namespace())
                    .withName(pod.getMetadata().getName())
                    .withGracePeriod(0)
                    .delete();
            if (!awaitGone(pod.getMetadata().getName(), pod.getMetadata().getUid(), config.startTimeout())) {
                throw new SpawnException(
                        "the former pod " + pod.getMetadata().getName() + " did not go within "
                                + config.startTimeout().toSeconds() + " s",
                        null);
            }
        }
    }

    /** Waits until the pod with this uid no longer exists; false on timeout. */
    private boolean awaitGone(String name, String uid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Pod pod =
                    client.pods().inNamespace(config.namespace()).withName(name).get();
            if (pod == null || !uid.equals(pod.getMetadata().getUid())) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_STEP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    @Override
    public Optional<ExitStatus> poll(SpawnHandle handle) {
        Optional<PodWatch.Known> known = watch.find(uid(handle));
        if (known.isEmpty()) {
            return Optional.of(new ExitStatus(-1, "is gone (its pod " + pod(handle) + " no longer exists)"));
        }
        Optional<ExitStatus> exit = PodStatuses.exit(known.get().pod());
        if (exit.isPresent()) {
            return exit;
        }
        return known.get().deleted()
                ? Optional.of(new ExitStatus(-1, "is gone (its pod " + pod(handle) + " was deleted)"))
                : Optional.empty();
    }

    @Override
    public boolean isReady(SpawnHandle handle) {
        return watch.find(uid(handle))
                .filter(known -> !known.deleted())
                .map(known -> PodStatuses.isReady(known.pod()))
                .orElse(false);
    }

    /**
     * Deletes the pod with the grace period (Kubernetes sends SIGTERM, then SIGKILL when it
     * ends) and waits until it is gone.
     */
    @Override
    public Optional<Integer> stop(SpawnHandle handle, Duration grace) {
        String name = pod(handle);
        String uid = uid(handle);
        try {
            Pod current =
                    client.pods().inNamespace(config.namespace()).withName(name).get();
            if (current != null && uid.equals(current.getMetadata().getUid())) {
                client.pods()
                        .inNamespace(config.namespace())
                        .withName(name)
                        .withGracePeriod(grace.toSeconds())
                        .delete();
                if (!awaitGone(name, uid, grace.plusSeconds(30))) {
                    LOG.warn(
                            "pod {} of session {} was still there {} s after it was deleted",
                            name,
                            handle.session(),
                            grace.plusSeconds(30).toSeconds());
                }
            }
        } catch (KubernetesClientException e) {
            LOG.error("cannot delete pod {} of session {}: {}", name, handle.session(), describe(e), e);
        }
        Optional<Integer> code = watch.find(uid)
                .flatMap(known -> PodStatuses.exit(known.pod()))
                .filter(ExitStatus::isKnown)
                .map(ExitStatus::code);
        watch.forget(uid);
        return code;
    }

    @Override
    public Optional<SpawnHandle> reattach(SpawnState state) {
        if (!NAME.equals(state.spawner())
                || !config.namespace().equals(state.values().get(NAMESPACE))) {
            return Optional.empty();
        }
        String name = state.values().get(POD);
        String uid = state.values().get(UID);
        if (name == null || uid == null) {
            return Optional.empty();
        }
        Pod pod;
        try {
            pod = client.pods().inNamespace(config.namespace()).withName(name).get();
        } catch (KubernetesClientException e) {
            LOG.error("cannot look up pod {} to reattach to it: {}", name, describe(e), e);
            return Optional.empty();
        }
        if (pod == null
                || !uid.equals(pod.getMetadata().getUid())
                || pod.getMetadata().getDeletionTimestamp() != null
                || PodStatuses.exit(pod).isPresent()) {
            return Optional.empty();
        }
        watch.track(pod);
        return Optional.of(new SpawnHandle(
                state.values().getOrDefault(SESSION, ""), state.values().getOrDefault(SERVICE, ""), state));
    }

    /**
     * What the service said last: the last error of its termination message (the log's tail
     * when it wrote none), else of its log.
     */
    @Override
    public Optional<String> lastWords(SpawnHandle handle) {
        Optional<PodWatch.Known> known = watch.find(uid(handle));
        Optional<String> words = known.flatMap(k -> PodStatuses.lastWords(k.pod()));
        if (words.isPresent() || known.isEmpty() || known.get().deleted()) {
            return words;
        }
        try {
            String log = client.pods()
                    .inNamespace(config.namespace())
                    .withName(pod(handle))
                    .inContainer(PodSpecs.CONTAINER)
                    .tailingLines(LOG_LINES)
                    .getLog();
            return PodStatuses.lastWords(log);
        } catch (KubernetesClientException e) {
            LOG.warn("cannot read the log of pod {}: {}", pod(handle), describe(e));
            return Optional.empty();
        }
    }

    /** Deletes the session's owner, pods and secrets (the garbage collector would; the LSS does not rely on it). */
    @Override
    public void sessionEnded(String session) {
        owners.remove(session);
        Map<String, String> labels = Map.of(
                PodNames.LSS, PodNames.labelValue(config.lssId()), PodNames.SESSION, PodNames.labelValue(session));
        deleteQuietly(
                client.pods().inNamespace(config.namespace()).withLabels(labels), "the pods of session " + session);
        deleteQuietly(
                client.secrets().inNamespace(config.namespace()).withLabels(labels),
                "the secrets of session " + session);
        deleteQuietly(
                client.configMaps().inNamespace(config.namespace()).withName(PodNames.sessionOwner(session)),
                "the owner object of session " + session);
    }

    @Override
    public void removeOrphans(Set<String> sessions) {
        Set<String> kept = sessions.stream().map(PodNames::labelValue).collect(Collectors.toSet());
        String lss = PodNames.labelValue(config.lssId());
        try {
            removeOrphaned(
                    client.pods()
                            .inNamespace(config.namespace())
                            .withLabel(PodNames.LSS, lss)
                            .list()
                            .getItems(),
                    kept,
                    "pod");
            removeOrphaned(
                    client.secrets()
                            .inNamespace(config.namespace())
                            .withLabel(PodNames.LSS, lss)
                            .list()
                            .getItems(),
                    kept,
                    "secret");
            removeOrphaned(
                    client.configMaps()
                            .inNamespace(config.namespace())
                            .withLabel(PodNames.LSS, lss)
                            .list()
                            .getItems(),
                    kept,
                    "owner object");
        } catch (KubernetesClientException e) {
            LOG.error(
                    "cannot look for orphaned objects of LSS {} in namespace {}: {}",
                    config.lssId(),
                    config.namespace(),
                    describe(e),
                    e);
        }
    }

    private void removeOrphaned(List<? extends HasMetadata> objects, Set<String> kept, String kind) {
        for (HasMetadata object : objects) {
            Map<String, String> labels = object.getMetadata().getLabels();
            String session = labels == null ? null : labels.get(PodNames.SESSION);
            if (session != null && !kept.contains(session)) {
                LOG.info(
                        "removing {} {} of session {}, which this LSS no longer runs",
                        kind,
                        object.getMetadata().getName(),
                        session);
                deleteQuietly(
                        client.resource(object),
                        kind + " " + object.getMetadata().getName());
            }
        }
    }

    private static void deleteQuietly(Deletable deletable, String what) {
        try {
            deletable.delete();
        } catch (KubernetesClientException e) {
            LOG.error("cannot delete {}: {}", what, describe(e), e);
        }
    }

    /**
     * Why this spawner cannot follow its pods right now (the API server refuses or cannot be
     * reached), if so: the LSS is then not ready for new sessions.
     */
    public Optional<String> problem() {
        return watch.problem();
    }

    /** How often the pod watch was restarted by its watchdog or after it closed. */
    public int watchRestarts() {
        return watch.restarts();
    }

    /** For tests: the pod's state as the watch last delivered it. */
    Optional<Pod> cached(SpawnHandle handle) {
        return watch.find(uid(handle)).map(PodWatch.Known::pod);
    }

    /** For tests: the watch is lost without a word, as when a connection silently breaks. */
    void loseWatchSilently() {
        watch.loseSilently();
    }

    private static String pod(SpawnHandle handle) {
        return value(handle, POD);
    }

    private static String uid(SpawnHandle handle) {
        return value(handle, UID);
    }

    private static String value(SpawnHandle handle, String key) {
        String value = handle.state().values().get(key);
        if (value == null) {
            throw new IllegalArgumentException("spawner state without a " + key + ": " + handle.state());
        }
        return value;
    }

    /** The API server's reason, without the client's boilerplate. */
    private static String describe(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
        }
        return e.getMessage();
    }

    @Override
    public void close() {
        watch.close();
        if (ownsClient) {
            client.close();
        }
    }
}
