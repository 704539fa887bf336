package org.opentwinj.platform.spawner.kubernetes.pool;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Deletable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.opentwinj.platform.launcher.pool.PoolAssignRequest;
import org.opentwinj.platform.launcher.pool.PoolAssignment;
import org.opentwinj.platform.spawner.ContainerRequest;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.kubernetes.KubernetesLaunchConfig;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawner;
import org.opentwinj.platform.spawner.kubernetes.PodNames;
import org.opentwinj.platform.spawner.kubernetes.PoolPlaces;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm pool of a Kubernetes LSS: {@link KubernetesPoolConfig#size()} pods of the {@code lss}
 * image running {@code opentwin run --pooled}, each with a pool certificate of its own, waiting
 * for one {@code Pool.Assign}. The launch backend places a service at a ready pod's DNS name
 * and reserves it ({@link #reserve}); taking it ({@link #take}) relabels it for its session (a
 * JSON patch that first tests it is still this pool's, so no pod is ever taken twice), makes the
 * session's ConfigMap its owner, sends it the assignment with the identity's files over mTLS,
 * and adopts it as a spawned handle. One background thread refills it, one pod at a time and only once the pods before are
 * ready (a JVM's warm-up is the expensive part), replaces pods that were deleted or ended, and
 * pauses after repeated failures.
 *
 * <p>Pool pods carry the label {@code opentwin.org/pool} of this run of the pool: at start the
 * pool deletes the pool pods its LSS left from an earlier run (their certificates and state are
 * gone with it); a taken pod loses that label and is the session's from then on.
 */
public final class KubernetesPool implements PoolPlaces, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesPool.class);
    static final Duration LOOK_INTERVAL = Duration.ofMillis(200);
    /** A created pod the watch has not shown yet is looked up directly after this long. */
    private static final Duration UNSEEN_GRACE = Duration.ofSeconds(2);

    static final int FAILURES_BEFORE_PAUSE = 3;
    /**
     * A reservation not taken within this is deleted: the service's start failed before it came
     * to the pod (a later start then creates a pod of that name itself).
     */
    static final Duration RESERVATION_TIMEOUT = Duration.ofMinutes(5);

    static final Duration PAUSE_AFTER_FAILURES = Duration.ofSeconds(30);
    /** A JSON patch whose {@code test} failed. */
    private static final int HTTP_UNPROCESSABLE = 422;

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final KubernetesSpawner spawner;
    private final KubernetesClient client;
    private final KubernetesPoolConfig config;
    private final PoolCertificates certificates;
    private final ServiceClient lss;
    private final Function<Pod, URI> address;
    private final PoolPodSpecs specs;
    private final String namespace;
    /** Pool pods not taken, oldest first; guarded by this. */
    private final List<Member> members = new ArrayList<>();
    /** Pods reserved for a service placed at them, by session and service; guarded by this. */
    private final Map<String, Reserved> reservations = new HashMap<>();
    /** Uids of pods taken: never taken again, whatever a list shows later. */
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    private final Thread refiller;
    private volatile boolean closed;
    private ConfigMap owner;
    private int created;
    private int failuresInARow;

    /** A pod reserved for a service placed at its name, until the service is started. */
    private record Reserved(Member member, String host, long nanos) {}

    /** One pool pod as the pool knows it. */
    private static final class Member {
        final String name;
        final String uid;
        final long createdNanos = System.nanoTime();
        boolean seen;
        boolean ready;

        Member(String name, String uid) {
            this.name = name;
            this.uid = uid;
        }
    }

    /**
     * @param spawner      the LSS's spawner: its watch follows pool pods, and it adopts the ones taken
     * @param certificates issues each pool pod's certificate (the LSS's CA)
     * @param lss          a client with the LSS's own certificate, the one a pool pod accepts
     * @param address      where a pool pod is called (its DNS name under the pool Service; tests: a local endpoint)
     */
    KubernetesPool(
            KubernetesSpawner spawner,
            KubernetesPoolConfig config,
            PoolCertificates certificates,
            ServiceClient lss,
            Function<Pod, URI> address) {
        this.spawner = spawner;
        this.client = spawner.client();
        this.config = config;
        this.certificates = certificates;
        this.lss = lss;
        this.address = address;
        this.namespace = spawner.config().namespace();
        this.specs = new PoolPodSpecs(spawner.config(), config, newPoolId());
        this.refiller = Thread.ofPlatform().daemon().name("lss-kubernetes-pool").unstarted(this::refill);
    }

    /**
     * Starts a pool: removes the pool pods an earlier run of this LSS left, then fills in the
     * background. With size 0 it creates nothing at all (not even its owner object) and every
     * {@link #take} is empty.
     *
     * @param lss a client with the LSS's certificate; the pool closes it
     */
    public static KubernetesPool start(
            KubernetesSpawner spawner, KubernetesPoolConfig config, PoolCertificates certificates, ServiceClient lss) {
        KubernetesPool pool = new KubernetesPool(spawner, config, certificates, lss, null);
        return pool.begin();
    }

    /** For tests: pool pods are called at the given address instead of their DNS name. */
    static KubernetesPool start(
            KubernetesSpawner spawner,
            KubernetesPoolConfig config,
            PoolCertificates certificates,
            ServiceClient lss,
            Function<Pod, URI> address) {
        return new KubernetesPool(spawner, config, certificates, lss, address).begin();
    }

    private KubernetesPool begin() {
        if (config.size() > 0) {
            removeEarlierRuns();
            refiller.start();
        }
        return this;
    }

    private static String newPoolId() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private URI urlOf(Pod pod) {
        if (address != null) {
            return address.apply(pod);
        }
        return URI.create("https://" + specs.host(pod.getMetadata().getName()) + ":" + PodNames.PORT);
    }

    /**
     * What a pool pod is assigned to become what {@code request} would start: only a service of
     * the pool's image run by the launcher (a type with an image of its own has no pool).
     */
    static Optional<PoolAssignment> assignment(ContainerRequest request, String poolImage) {
        List<String> entryPoint = new ArrayList<>(KubernetesLaunchConfig.LAUNCHER);
        entryPoint.addAll(List.of("run", request.serviceType()));
        if (!request.image().equals(poolImage) || !request.entryPoint().equals(entryPoint)) {
            return Optional.empty();
        }
        List<String> arguments = new ArrayList<>();
        arguments.add(request.serviceType());
        arguments.addAll(request.arguments());
        return Optional.of(new PoolAssignment(arguments, request.environment()));
    }

    @Override
    public Optional<String> reserve(String session, String service) {
        if (config.size() == 0 || closed) {
            return Optional.empty();
        }
        Optional<Member> member = takeReady();
        if (member.isEmpty()) {
            return Optional.empty();
        }
        used.add(member.get().uid);
        String host = specs.host(member.get().name);
        Reserved previous;
        synchronized (this) {
            previous = reservations.put(key(session, service), new Reserved(member.get(), host, System.nanoTime()));
        }
        if (previous != null) {
            delete(previous.member());
        }
        LOG.info("pool pod {} reserved for {} of session {}", member.get().name, service, session);
        return Optional.of(host);
    }

    @Override
    public void release(String session, String service) {
        Reserved reserved;
        synchronized (this) {
            reserved = reservations.remove(key(session, service));
        }
        if (reserved != null) {
            LOG.info(
                    "pool pod {} reserved for {} of session {} was not taken; deleting it",
                    reserved.member().name,
                    service,
                    session);
            delete(reserved.member());
        }
    }

    private static String key(String session, String service) {
        return session + "/" + service;
    }

    /**
     * Makes the pool pod reserved for this service (see {@link #reserve}) what {@code request}
     * would have started. Returns at once.
     *
     * @return the adopted handle of the pod, now the session's; empty when no pod is reserved for
     *     it or the reserved one cannot become it (it is then deleted, and the caller creates a
     *     pod under the same host name: the placed URL holds either way)
     */
    public Optional<SpawnHandle> take(ContainerRequest request, Consumer<String> progress) {
        Reserved reserved;
        synchronized (this) {
            reserved = reservations.remove(key(request.session(), request.service()));
        }
        if (reserved == null) {
            return Optional.empty();
        }
        Member member = reserved.member();
        Optional<PoolAssignment> assignment = assignment(request, config.image());
        Optional<String> problem = assignment.isEmpty()
                ? Optional.of("it runs another image than the pool's")
                : !PoolPodHosts.host(request).equals(Optional.of(reserved.host()))
                        ? Optional.of("it was not placed at the pod")
                        : spawner.watched(member.uid)
                                        .filter(pod ->
                                                KubernetesSpawner.isReady(pod) && !KubernetesSpawner.hasEnded(pod))
                                        .isEmpty()
                                ? Optional.of("the pod is no longer ready")
                                : Optional.empty();
        if (problem.isPresent()) {
            LOG.warn(
                    "pool pod {} is not used for {} of session {}: {}; deleting it",
                    member.name,
                    request.service(),
                    request.session(),
                    problem.get());
            delete(member);
            return Optional.empty();
        }
        ConfigMap sessionOwner = spawner.sessionOwner(request.session(), request.project());
        Optional<Pod> relabelled = relabel(member, request, sessionOwner);
        if (relabelled.isEmpty()) {
            return Optional.empty();
        }
        Pod pod = relabelled.get();
        try {
            assign(pod, new PoolAssignRequest(assignment.get(), request.files()));
        } catch (SpawnException e) {
            // A used pod is never pooled again: whatever it got, it goes.
            LOG.warn("pool pod {} could not be assigned ({}); deleting it", member.name, e.getMessage());
            delete(member);
            return Optional.empty();
        }
        // The pool endpoint has closed: the pool certificate is of no use any more.
        deleteQuietly(client.secrets().inNamespace(namespace).withName(member.name), "secret " + member.name);
        progress.accept(request.service() + ": pod " + member.name + " of the warm pool assigned");
        LOG.info("pool pod {} is now {} of session {}", member.name, request.service(), request.session());
        return Optional.of(spawner.adopt(pod, request.session(), request.service()));
    }

    /** Removes and returns the oldest ready member; the refiller starts its replacement. */
    private synchronized Optional<Member> takeReady() {
        for (Iterator<Member> it = members.iterator(); it.hasNext(); ) {
            Member member = it.next();
            if (used.contains(member.uid)) {
                it.remove();
                continue;
            }
            Optional<Pod> pod = spawner.watched(member.uid);
            if (pod.isPresent() && KubernetesSpawner.isReady(pod.get()) && !KubernetesSpawner.hasEnded(pod.get())) {
                it.remove();
                notifyAll();
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    /**
     * Makes the pod the session's; empty when it is not to be used: another taker relabelled it
     * first (the patch's test fails: it is theirs, left alone) or the patch failed otherwise (the
     * pod, still a pool pod, is deleted).
     */
    private Optional<Pod> relabel(Member member, ContainerRequest request, ConfigMap sessionOwner) {
        try {
            return Optional.of(client.pods()
                    .inNamespace(namespace)
                    .withName(member.name)
                    .patch(PatchContext.of(PatchType.JSON), specs.takePatch(request, sessionOwner)));
        } catch (KubernetesClientException e) {
            if (e.getCode() == HTTP_UNPROCESSABLE || e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                LOG.warn("pool pod {} is no longer this pool's ({}); trying another", member.name, describe(e));
            } else {
                LOG.error("cannot relabel pool pod {}: {}; deleting it", member.name, describe(e), e);
                delete(member);
            }
            return Optional.empty();
        }
    }

    private void assign(Pod pod, PoolAssignRequest request) {
        URI url = urlOf(pod);
        try {
            lss.call(url, PoolAssignRequest.ACTION, request);
        } catch (PeerCallException e) {
            throw new SpawnException(
                    "pool pod " + pod.getMetadata().getName() + " refused its assignment at " + url + ": " + e.reason()
                            + " (HTTP " + e.httpStatus() + ")",
                    e);
        } catch (RuntimeException e) {
            throw new SpawnException(
                    "cannot reach pool pod " + pod.getMetadata().getName() + " at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Pool pods not taken now (ready or warming), for tests and the log. */
    public synchronized int size() {
        return members.size();
    }

    /** Ready pool pods now. */
    public synchronized int ready() {
        return (int) members.stream()
                .filter(member -> spawner.watched(member.uid)
                        .filter(KubernetesSpawner::isReady)
                        .isPresent())
                .count();
    }

    private void refill() {
        while (!closed) {
            try {
                boolean warming = sweep();
                if (!needsOne(warming)) {
                    continue;
                }
                if (createOne()) {
                    failuresInARow = 0;
                } else if (++failuresInARow >= FAILURES_BEFORE_PAUSE) {
                    pause();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("the Kubernetes warm pool's refiller failed; it goes on after a pause", e);
                try {
                    Thread.sleep(PAUSE_AFTER_FAILURES);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void pause() throws InterruptedException {
        LOG.error(
                "{} pool pods in a row could not be created or did not get ready; the pool pauses for {} s",
                failuresInARow,
                PAUSE_AFTER_FAILURES.toSeconds());
        failuresInARow = 0;
        Thread.sleep(PAUSE_AFTER_FAILURES);
    }

    /** Whether to create a pod now: short of one, and no pod still warming (one at a time). */
    private synchronized boolean needsOne(boolean warming) throws InterruptedException {
        if (!warming && members.size() < config.size() && !closed) {
            return true;
        }
        wait(LOOK_INTERVAL.toMillis());
        return false;
    }

    /**
     * Drops members whose pod is gone, ended, or did not get ready in time (deleting what is
     * left of them), and notes the ones that became ready.
     *
     * @return whether a member is still warming
     */
    private boolean sweep() {
        List<Member> dead = new ArrayList<>();
        boolean warming = false;
        List<Member> current;
        synchronized (this) {
            current = List.copyOf(members);
        }
        for (Member member : current) {
            Optional<String> problem = problem(member);
            if (problem.isPresent()) {
                LOG.warn("pool pod {} {}; replacing it", member.name, problem.get());
                if (!member.ready) {
                    failuresInARow++;
                }
                dead.add(member);
            } else if (!member.ready) {
                warming = true;
            }
        }
        List<Member> expired = new ArrayList<>();
        synchronized (this) {
            members.removeAll(dead);
            for (Iterator<Reserved> it = reservations.values().iterator(); it.hasNext(); ) {
                Reserved reserved = it.next();
                if (Duration.ofNanos(System.nanoTime() - reserved.nanos()).compareTo(RESERVATION_TIMEOUT) > 0) {
                    it.remove();
                    expired.add(reserved.member());
                }
            }
        }
        dead.forEach(this::delete);
        for (Member member : expired) {
            LOG.warn(
                    "pool pod {} was reserved but not taken within {} s; deleting it",
                    member.name,
                    RESERVATION_TIMEOUT.toSeconds());
            delete(member);
        }
        if (failuresInARow >= FAILURES_BEFORE_PAUSE) {
            try {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return warming;
    }

    /** Why a member is no use any more, if so; marks it seen and ready on the way. */
    private Optional<String> problem(Member member) {
        Optional<Pod> pod = spawner.watched(member.uid);
        if (pod.isPresent()) {
            member.seen = true;
            if (KubernetesSpawner.hasEnded(pod.get())) {
                return Optional.of("ended before it was taken");
            }
            if (KubernetesSpawner.isReady(pod.get())) {
                member.ready = true;
                return Optional.empty();
            }
        } else if (member.seen) {
            return Optional.of("was deleted");
        } else if (elapsed(member).compareTo(UNSEEN_GRACE) > 0 && !exists(member)) {
            return Optional.of("is gone");
        }
        if (!member.ready && elapsed(member).compareTo(config.warmTimeout()) > 0) {
            return Optional.of(
                    "did not get ready within " + config.warmTimeout().toSeconds() + " s");
        }
        return Optional.empty();
    }

    private static Duration elapsed(Member member) {
        return Duration.ofNanos(System.nanoTime() - member.createdNanos);
    }

    private boolean exists(Member member) {
        try {
            Pod pod = client.pods().inNamespace(namespace).withName(member.name).get();
            return pod != null && member.uid.equals(pod.getMetadata().getUid());
        } catch (KubernetesClientException e) {
            LOG.warn("cannot look up pool pod {}: {}", member.name, describe(e));
            return true;
        }
    }

    /** Creates one pool pod with its certificate secret; false when it cannot. */
    private boolean createOne() {
        String name = specs.podName(++created);
        try {
            ConfigMap poolOwner = owner();
            PoolCertificates.Issued issued = certificates.issue(specs.commonName(), specs.hostNames(name));
            client.secrets()
                    .inNamespace(namespace)
                    .resource(specs.secret(name, issued, poolOwner))
                    .create();
            Pod pod;
            try {
                pod = client.pods()
                        .inNamespace(namespace)
                        .resource(specs.pod(name, poolOwner))
                        .create();
            } catch (KubernetesClientException e) {
                deleteQuietly(client.secrets().inNamespace(namespace).withName(name), "secret " + name);
                throw e;
            }
            synchronized (this) {
                if (closed) {
                    deleteQuietly(client.pods().inNamespace(namespace).withName(name), "pool pod " + name);
                    return true;
                }
                members.add(new Member(name, pod.getMetadata().getUid()));
            }
            LOG.debug("created pool pod {}", name);
            return true;
        } catch (KubernetesClientException e) {
            LOG.warn("cannot create pool pod {}: {}", name, describe(e), e);
            return false;
        } catch (RuntimeException e) {
            LOG.warn("cannot issue the certificate of pool pod {}", name, e);
            return false;
        }
    }

    /** The pool's owner object, found or created once. */
    private ConfigMap owner() {
        if (owner != null) {
            return owner;
        }
        var resource = client.configMaps().inNamespace(namespace).withName(specs.ownerName());
        ConfigMap found = resource.get();
        if (found == null) {
            try {
                found = client.configMaps()
                        .inNamespace(namespace)
                        .resource(specs.owner())
                        .create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                found = resource.get();
            }
        }
        owner = found;
        return owner;
    }

    /** Deletes the pool pods and secrets of this LSS's earlier runs: nothing can assign them any more. */
    private void removeEarlierRuns() {
        removeLeftovers(spawner);
    }

    /**
     * Deletes every pool pod (not taken) and pool Secret of this LSS: what its earlier runs left.
     * Called by a pool at its start, and by an LSS that now runs without a pool ({@code --pool-size 0}).
     */
    public static void removeLeftovers(KubernetesSpawner spawner) {
        KubernetesClient client = spawner.client();
        String namespace = spawner.config().namespace();
        Map<String, String> labels = Map.of(
                PodNames.COMPONENT,
                PoolPodSpecs.POOL_COMPONENT,
                PodNames.LSS,
                PodNames.labelValue(spawner.config().lssId()));
        try {
            List<HasMetadata> left = new ArrayList<>();
            left.addAll(client.pods()
                    .inNamespace(namespace)
                    .withLabels(labels)
                    .list()
                    .getItems());
            left.addAll(client.secrets()
                    .inNamespace(namespace)
                    .withLabels(labels)
                    .list()
                    .getItems());
            for (HasMetadata object : left) {
                LOG.info(
                        "removing {} {} of an earlier run of this LSS's pool",
                        object.getKind(),
                        object.getMetadata().getName());
                deleteQuietly(
                        client.resource(object),
                        object.getKind() + " " + object.getMetadata().getName());
            }
        } catch (KubernetesClientException e) {
            LOG.error("cannot look for pool pods of earlier runs: {}", describe(e), e);
        }
    }

    private void delete(Member member) {
        deleteQuietly(
                client.pods().inNamespace(namespace).withName(member.name).withGracePeriod(0),
                "pool pod " + member.name);
        deleteQuietly(client.secrets().inNamespace(namespace).withName(member.name), "secret " + member.name);
    }

    private static void deleteQuietly(Deletable deletable, String what) {
        try {
            deletable.delete();
        } catch (KubernetesClientException e) {
            LOG.error("cannot delete {}: {}", what, describe(e), e);
        }
    }

    private static String describe(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
        }
        return e.getMessage();
    }

    /** Stops refilling and deletes every pod still in the pool or reserved (taken ones are their sessions'). Must not throw. */
    @Override
    public void close() {
        closed = true;
        refiller.interrupt();
        List<Member> left;
        synchronized (this) {
            left = new ArrayList<>(members);
            members.clear();
            reservations.values().forEach(reserved -> left.add(reserved.member()));
            reservations.clear();
            notifyAll();
        }
        left.forEach(this::delete);
        if (refiller.getState() != Thread.State.NEW) {
            try {
                refiller.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lss.close();
    }
}
