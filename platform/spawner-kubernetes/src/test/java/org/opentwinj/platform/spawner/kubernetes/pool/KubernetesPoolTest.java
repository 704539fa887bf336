package org.opentwinj.platform.spawner.kubernetes.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.launcher.pool.NetworkAssignment;
import org.opentwinj.platform.launcher.pool.PoolAssignEndpoint;
import org.opentwinj.platform.launcher.pool.PoolAssignRequest;
import org.opentwinj.platform.launcher.pool.PoolAssignment;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.spawner.ContainerRequest;
import org.opentwinj.platform.spawner.Endpoint;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnerBackend;
import org.opentwinj.platform.spawner.kubernetes.KubernetesConfig;
import org.opentwinj.platform.spawner.kubernetes.KubernetesLaunchBackend;
import org.opentwinj.platform.spawner.kubernetes.KubernetesLaunchConfig;
import org.opentwinj.platform.spawner.kubernetes.KubernetesPoolSettings;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawner;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawnerConfig;
import org.opentwinj.platform.spawner.kubernetes.PodNames;
import org.opentwinj.platform.spawner.kubernetes.PodPlacement;
import org.opentwinj.platform.spawner.kubernetes.PodResources;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.lss.pool.PoolConfig;
import org.opentwinj.services.lss.pool.PoolSite;
import org.opentwinj.services.lss.pool.ServicePool;
import org.opentwinj.services.lss.pool.ServicePoolFactory;

/**
 * The Kubernetes warm pool against the fabric8 mock API server in CRUD mode. The test plays the
 * kubelet: for a pool pod it starts the real {@code Pool.Assign} endpoint of a pooled JVM in this
 * process, with the pool certificate from the pod's Secret and the flags from the pod's command,
 * and marks the pod ready.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesPoolTest {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final CertificateAuthority CA =
            CertificateAuthority.create(CertificateRequest.of("Pool test CA", List.of()), Duration.ofDays(1));
    private static final String SESSION = "3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c";
    private static final String POOL_IMAGE = "localhost/opentwin/lss:0.1.0";

    static KubernetesClient client;

    @TempDir
    Path directory;

    private final String namespace = "pool-" + NAMESPACES.incrementAndGet();
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** The pooled JVM standing for each pool pod, by pod name. */
    private final Map<String, PoolAssignEndpoint> pods = new ConcurrentHashMap<>();

    private KubernetesSpawner spawner;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : closing.reversed()) {
            each.close();
        }
        pods.values().forEach(PoolAssignEndpoint::close);
    }

    private KubernetesSpawner spawner() {
        if (spawner == null) {
            spawner = KubernetesSpawner.withClient(
                    client,
                    new KubernetesSpawnerConfig(
                            namespace,
                            "lss-a",
                            "opentwin-sessions",
                            "IfNotPresent",
                            PodResources.defaults(),
                            new PodPlacement(Map.of("kubernetes.io/os", "linux"), List.of()),
                            Duration.ofMinutes(5),
                            Duration.ofSeconds(5)));
            closing.add(spawner);
        }
        return spawner;
    }

    private KubernetesPool pool(int size, String lssCommonName) {
        KubernetesPoolConfig config = new KubernetesPoolConfig(
                size,
                POOL_IMAGE,
                "lss.lss-a",
                KubernetesPoolConfig.DEFAULT_POOL_SERVICE,
                Optional.of(KubernetesPoolConfig.DEFAULT_PRIORITY_CLASS),
                new ResourceRequirementsBuilder()
                        .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("192Mi")))
                        .withLimits(Map.of("cpu", new Quantity("2"), "memory", new Quantity("1Gi")))
                        .build(),
                Duration.ofMinutes(10));
        KubernetesPool pool = KubernetesPool.start(
                spawner(),
                config,
                KubernetesPoolTest::issue,
                client(lssCommonName),
                pod -> URI.create("https://localhost:"
                        + pods.get(pod.getMetadata().getName()).port()));
        closing.add(pool);
        return pool;
    }

    private static PoolCertificates.Issued issue(String commonName, List<String> hosts) {
        IssuedCertificate issued = CA.issue(CertificateRequest.of(commonName, hosts), Usage.PEER, Duration.ofHours(1));
        return new PoolCertificates.Issued(
                PemFiles.toPem(List.of(issued.certificate())),
                PemFiles.toPem(issued.privateKey()),
                PemFiles.toPem(List.of(CA.certificate())));
    }

    private static ServiceClient client(String commonName) {
        return new ServiceClient(
                TlsMaterial.of(CA.issue(
                                CertificateRequest.of(commonName, List.of()), Usage.CLIENT, Duration.ofHours(1)))
                        .clientContext(),
                ClientOptions.DEFAULT);
    }

    private static ContainerRequest request(String session, String service) {
        return request(session, service, "x");
    }

    /** Reserves a pod for the service, as the launch backend's placement does, and takes it with a request placed there. */
    private static Optional<SpawnHandle> placeAndTake(
            KubernetesPool pool, String session, String service, List<String> progress) {
        Optional<String> host = pool.reserve(session, service);
        return pool.take(request(session, service, host.orElse("x")), progress::add);
    }

    private static ContainerRequest request(String session, String service, String host) {
        List<String> entryPoint = new ArrayList<>(KubernetesLaunchConfig.LAUNCHER);
        entryPoint.addAll(List.of("run", "model"));
        return new ContainerRequest(
                session,
                service,
                POOL_IMAGE,
                "model",
                "Project 1",
                entryPoint,
                List.of(
                        "--service-url",
                        "https://" + host + ":8443",
                        "--session-id",
                        session,
                        "--session-service",
                        service,
                        "--lss-url",
                        "https://lss:8443",
                        "--cert",
                        KubernetesSpawnerConfig.FILES_DIRECTORY + "/service.pem",
                        "--key",
                        KubernetesSpawnerConfig.FILES_DIRECTORY + "/service-key.pem",
                        "--ca",
                        KubernetesSpawnerConfig.FILES_DIRECTORY + "/ca.pem"),
                Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://user:secret@mongo:27017"),
                Map.of("service.pem", "CERT", "service-key.pem", "KEY", "ca.pem", "CA"));
    }

    private List<Pod> poolPods() {
        return client.pods()
                .inNamespace(namespace)
                .withLabel(PodNames.COMPONENT, PoolPodSpecs.POOL_COMPONENT)
                .list()
                .getItems();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    /**
     * Plays the kubelet for a pool pod: runs the pooled JVM's Pool.Assign endpoint with the
     * pod's secret and flags, then reports the pod ready.
     */
    private void warm(Pod pod) throws IOException {
        String name = pod.getMetadata().getName();
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        Path tls = Files.createDirectories(directory.resolve(name).resolve("tls"));
        for (String file : List.of(PoolPodSpecs.CERTIFICATE_FILE, PoolPodSpecs.KEY_FILE, PoolPodSpecs.CA_FILE)) {
            Files.write(
                    tls.resolve(file),
                    Base64.getDecoder().decode(secret.getData().get(file)));
        }
        List<String> command = pod.getSpec().getContainers().getFirst().getCommand();
        pods.put(
                name,
                PoolAssignEndpoint.start(
                        new NetworkAssignment(
                                "127.0.0.1",
                                0,
                                tls.resolve(PoolPodSpecs.CERTIFICATE_FILE),
                                tls.resolve(PoolPodSpecs.KEY_FILE),
                                tls.resolve(PoolPodSpecs.CA_FILE),
                                command.get(command.indexOf("--pool-lss") + 1),
                                directory.resolve(name).resolve("files")),
                        Set.of("model")));
        kubelet(
                name,
                builder -> builder.withNewStatus()
                        .withPhase("Running")
                        .withConditions(new PodConditionBuilder()
                                .withType("Ready")
                                .withStatus("True")
                                .build())
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("service")
                                .withImage(POOL_IMAGE)
                                .withReady(true)
                                .withNewState()
                                .withNewRunning()
                                .endRunning()
                                .endState()
                                .build())
                        .endStatus());
    }

    private void kubelet(String name, UnaryOperator<PodBuilder> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.pods()
                        .inNamespace(namespace)
                        .withName(name)
                        .editStatus(pod -> change.apply(new PodBuilder(pod)).build());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Waits for the pool's next pod and warms it. */
    private Pod warmNext(Set<String> known) throws IOException {
        Pod next = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> poolPods().stream()
                                .filter(pod -> !known.contains(pod.getMetadata().getName()))
                                .findFirst(),
                        Optional::isPresent)
                .get();
        warm(next);
        known.add(next.getMetadata().getName());
        return next;
    }

    /** Fills a pool of the given size, playing the kubelet for each pod. */
    private Set<String> fill(KubernetesPool pool, int size) throws IOException {
        Set<String> names = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < size; i++) {
            warmNext(names);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.ready() == size);
        return names;
    }

    @Test
    void itFillsOnePodAtATimeWithSmallRequestsLowPriorityAndACertificateForThePodOnly() throws Exception {
        KubernetesPool pool = pool(2, "lss.lss-a");

        Pod first = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(this::poolPods, list -> !list.isEmpty())
                .getFirst();
        // One at a time: the second comes only once the first is ready.
        Thread.sleep(KubernetesPool.LOOK_INTERVAL.multipliedBy(5));
        assertThat(poolPods()).hasSize(1);

        String name = first.getMetadata().getName();
        assertThat(name).startsWith("ot-pool-lss-a-");
        assertThat(first.getMetadata().getLabels())
                .containsEntry(PodNames.COMPONENT, "session-pool")
                .containsEntry(PodNames.LSS, "lss-a")
                .containsEntry(PodNames.POOLED, "true")
                .containsKey(PoolPodSpecs.POOL)
                .doesNotContainKey(PodNames.SESSION);
        assertThat(first.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getName()).isEqualTo("ot-pool-lss-a"));
        assertThat(first.getSpec().getPriorityClassName()).isEqualTo("opentwin-pool");
        assertThat(first.getSpec().getHostname()).isEqualTo(name);
        assertThat(first.getSpec().getSubdomain()).isEqualTo("opentwin-pool");
        assertThat(first.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(first.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(first.getSpec().getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        Container container = first.getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo(POOL_IMAGE);
        assertThat(container.getCommand())
                .containsSubsequence("run", "--pooled", "--pool-port", "8443")
                .containsSubsequence("--pool-lss", "lss.lss-a")
                .containsSubsequence("--pool-files", KubernetesSpawnerConfig.FILES_DIRECTORY);
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("50m"));
        assertThat(container.getEnv()).isEmpty();
        assertThat(first.getSpec().getVolumes())
                .anySatisfy(volume -> assertThat(volume.getEmptyDir())
                        .isNotNull()
                        .satisfies(dir -> assertThat(dir.getMedium()).isEqualTo("Memory")))
                .anySatisfy(volume -> assertThat(volume.getSecret())
                        .isNotNull()
                        .satisfies(source -> assertThat(source.getSecretName()).isEqualTo(name)));

        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        X509Certificate certificate = PemFiles.parseCertificates(
                        new String(
                                Base64.getDecoder().decode(secret.getData().get(PoolPodSpecs.CERTIFICATE_FILE)),
                                StandardCharsets.UTF_8),
                        "pool secret")
                .getFirst();
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=pool.lss-a");
        assertThat(certificate.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
                .contains(name + ".opentwin-pool." + namespace + ".svc");

        Set<String> known = ConcurrentHashMap.newKeySet();
        known.add(name);
        warm(first);
        warmNext(known);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.ready() == 2);
        Thread.sleep(KubernetesPool.LOOK_INTERVAL.multipliedBy(5));
        assertThat(poolPods()).hasSize(2);
    }

    @Test
    void takingAPodRelabelsItForTheSessionAssignsItOverMutualTlsAndAdoptsIt() throws Exception {
        KubernetesPool pool = pool(1, "lss.lss-a");
        String name = fill(pool, 1).iterator().next();
        List<String> progress = new ArrayList<>();

        String host = pool.reserve(SESSION, "model").orElseThrow();
        assertThat(host).isEqualTo(name + ".opentwin-pool." + namespace + ".svc");
        SpawnHandle handle =
                pool.take(request(SESSION, "model", host), progress::add).orElseThrow();

        assertThat(handle.session()).isEqualTo(SESSION);
        assertThat(handle.service()).isEqualTo("model");
        assertThat(handle.state().values()).containsEntry("pod", name);
        assertThat(progress).containsExactly("model: pod " + name + " of the warm pool assigned");
        Pod taken = pod(name);
        assertThat(taken.getMetadata().getLabels())
                .containsEntry(PodNames.COMPONENT, PodNames.SESSION_COMPONENT)
                .containsEntry(PodNames.SESSION, SESSION)
                .containsEntry(PodNames.SERVICE, "model")
                .containsEntry(PodNames.SERVICE_TYPE, "model")
                .containsEntry(PodNames.LSS, "lss-a")
                .containsEntry(PodNames.POOLED, "true")
                .doesNotContainKey(PoolPodSpecs.POOL);
        ConfigMap sessionOwner = client.configMaps()
                .inNamespace(namespace)
                .withName(PodNames.sessionOwner(SESSION))
                .get();
        assertThat(taken.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getName()).isEqualTo(PodNames.sessionOwner(SESSION));
            assertThat(owner.getUid()).isEqualTo(sessionOwner.getMetadata().getUid());
        });

        PoolAssignment received = pods.get(name).assignment().getNow(null);
        assertThat(received).isNotNull();
        assertThat(received.arguments()).startsWith("model", "--service-url", "https://" + host + ":8443");
        assertThat(received.flag("--session-id")).isEqualTo(SESSION);
        assertThat(received.environment()).containsEntry("OPEN_TWIN_DATABASE_URL", "mongodb://user:secret@mongo:27017");
        assertThat(directory.resolve(name).resolve("files").resolve("service-key.pem"))
                .hasContent("KEY");
        assertThat(client.secrets().inNamespace(namespace).withName(name).get())
                .as("the pool certificate goes once the pod is assigned")
                .isNull();

        assertThat(spawner().isReady(handle)).isTrue();
        assertThat(spawner().poll(handle)).isEmpty();
        // The session's end removes it like any pod of the session.
        spawner().sessionEnded(SESSION);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pod(name) == null);
    }

    @Test
    void aTakenPodIsReplacedAndNeverTakenAgain() throws Exception {
        KubernetesPool pool = pool(1, "lss.lss-a");
        Set<String> known = fill(pool, 1);
        String first = known.iterator().next();
        SpawnHandle model =
                placeAndTake(pool, SESSION, "model", new ArrayList<>()).orElseThrow();
        assertThat(model.state().values()).containsEntry("pod", first);

        // Nothing ready: the service is placed and started at a pod of its own, the pool never waits.
        assertThat(pool.reserve(SESSION, "worker")).isEmpty();
        assertThat(pool.take(request(SESSION, "worker"), step -> {})).isEmpty();

        String second = warmNext(known).getMetadata().getName();
        assertThat(second).isNotEqualTo(first);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.ready() == 1);
        SpawnHandle worker =
                placeAndTake(pool, SESSION, "worker", new ArrayList<>()).orElseThrow();
        assertThat(worker.state().values()).containsEntry("pod", second);

        // The first pooled JVM took its one assignment: a second one is refused, whoever sends it.
        try (ServiceClient lss = client("lss.lss-a")) {
            assertThatThrownBy(() -> lss.call(
                            URI.create("https://localhost:" + pods.get(first).port()),
                            PoolAssignRequest.ACTION,
                            new PoolAssignRequest(
                                    KubernetesPool.assignment(request("other", "model"), POOL_IMAGE)
                                            .orElseThrow(),
                                    Map.of())))
                    .isInstanceOfSatisfying(
                            PeerCallException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(409));
        }
        assertThat(pods.get(first).assignment().join().flag("--session-service"))
                .isEqualTo("model");
    }

    @Test
    void aDeletedPoolPodIsReplaced() throws Exception {
        KubernetesPool pool = pool(1, "lss.lss-a");
        Set<String> known = fill(pool, 1);
        String first = known.iterator().next();

        client.pods().inNamespace(namespace).withName(first).delete();

        String replacement = warmNext(known).getMetadata().getName();
        assertThat(replacement).isNotEqualTo(first);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.ready() == 1);
        assertThat(placeAndTake(pool, SESSION, "model", new ArrayList<>())
                        .orElseThrow()
                        .state()
                        .values())
                .containsEntry("pod", replacement);
    }

    @Test
    void sizeZeroMeansNoPoolPodsAtAll() throws Exception {
        KubernetesPool pool = pool(0, "lss.lss-a");

        assertThat(pool.reserve(SESSION, "model")).isEmpty();
        assertThat(pool.take(request(SESSION, "model"), step -> {})).isEmpty();
        Thread.sleep(KubernetesPool.LOOK_INTERVAL.multipliedBy(5));
        assertThat(poolPods()).isEmpty();
        assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
    }

    @Test
    void anAssignFromAnotherCertificateIsRefusedAndTheRefusedPodIsNeverPooledAgain() throws Exception {
        KubernetesPool pool = pool(1, "lss.lss-b");
        String name = fill(pool, 1).iterator().next();
        try (ServiceClient intruder = client("model.s9")) {
            assertThatThrownBy(() -> intruder.call(
                            URI.create("https://localhost:" + pods.get(name).port()),
                            PoolAssignRequest.ACTION,
                            new PoolAssignRequest(
                                    KubernetesPool.assignment(request("s9", "model"), POOL_IMAGE)
                                            .orElseThrow(),
                                    Map.of())))
                    .isInstanceOfSatisfying(
                            PeerCallException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(403));
        }

        // This pool's client has the certificate of another LSS than the pod accepts.
        assertThat(placeAndTake(pool, SESSION, "model", new ArrayList<>())).isEmpty();

        assertThat(pods.get(name).assignment()).isNotDone();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pod(name) == null);
    }

    @Test
    void aServiceWithAnImageOfItsOwnIsNotAssignedThePodReservedForIt() throws Exception {
        KubernetesPool pool = pool(1, "lss.lss-a");
        String name = fill(pool, 1).iterator().next();
        String host = pool.reserve(SESSION, "model").orElseThrow();
        ContainerRequest placed = request(SESSION, "model", host);
        ContainerRequest ownImage = new ContainerRequest(
                placed.session(),
                placed.service(),
                "localhost/opentwin/model:0.1.0",
                placed.serviceType(),
                placed.project(),
                List.of(),
                placed.arguments(),
                placed.environment(),
                placed.files());

        assertThat(pool.take(ownImage, step -> {})).isEmpty();

        // Its host name is the service's now: the pod goes, the spawner creates one under that name.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pod(name) == null);
        assertThat(pods.get(name).assignment()).isNotDone();
    }

    @Test
    void withoutAReservationNothingIsTakenAndAReleasedReservationIsDeleted() throws Exception {
        KubernetesPool pool = pool(1, "lss.lss-a");
        String name = fill(pool, 1).iterator().next();

        assertThat(pool.take(request(SESSION, "model"), step -> {})).isEmpty();
        assertThat(pool.ready()).isEqualTo(1);

        pool.reserve(SESSION, "model").orElseThrow();
        pool.release(SESSION, "model");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pod(name) == null);
        assertThat(pool.take(request(SESSION, "model", name + ".opentwin-pool." + namespace + ".svc"), step -> {}))
                .isEmpty();
    }

    @Test
    void theLaunchBackendPlacesAServiceAtAPoolPodAndTheSpawnerKeepsThatNameForAPodOfItsOwn() throws Exception {
        KubernetesPool pool = pool(1, "lss.lss-a");
        String name = fill(pool, 1).iterator().next();
        KubernetesLaunchBackend backend = new KubernetesLaunchBackend(
                spawner().config(), new KubernetesLaunchConfig("localhost/opentwin", "0.1.0", Set.of()));
        backend.usePool(pool);

        Endpoint endpoint = backend.place(SESSION, "model");

        String host = name + ".opentwin-pool." + namespace + ".svc";
        assertThat(endpoint.url()).isEqualTo(URI.create("https://" + host + ":8443"));
        assertThat(backend.hostNames(SESSION, "model", endpoint)).contains(host, name + ".opentwin-pool");
        // Nothing ready any more: the next service gets a pod of its own.
        assertThat(backend.place(SESSION, "worker").url().getHost())
                .isEqualTo(PodNames.pod(SESSION, "worker") + ".opentwin-sessions." + namespace + ".svc");

        // The reserved pod went (say it crashed): a restart creates the service's own pod under the pool pod's name.
        pool.release(SESSION, "model");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pod(name) == null);
        SpawnHandle started = spawner().start(request(SESSION, "model", host), step -> {});
        Pod own = pod(started.state().values().get("pod"));
        assertThat(own.getMetadata().getName()).isEqualTo(PodNames.pod(SESSION, "model"));
        assertThat(own.getSpec().getHostname()).isEqualTo(name);
        assertThat(own.getSpec().getSubdomain()).isEqualTo("opentwin-pool");
        assertThat(own.getMetadata().getLabels())
                .containsEntry(PodNames.POOLED, "true")
                .containsEntry(PodNames.COMPONENT, PodNames.SESSION_COMPONENT);
    }

    @Test
    void aServiceInAFormerPoolPodRestartsInAPodOfItsOwnUnderTheSameNameAndTheOldPodGoes() throws Exception {
        KubernetesPool pool = pool(1, "lss.lss-a");
        String name = fill(pool, 1).iterator().next();
        String host = pool.reserve(SESSION, "model").orElseThrow();
        pool.take(request(SESSION, "model", host), step -> {}).orElseThrow();
        // The service crashed: its pod stays, ended (restartPolicy Never).
        kubelet(
                name,
                builder -> builder.editStatus()
                        .withPhase("Failed")
                        .withConditions(new PodConditionBuilder()
                                .withType("Ready")
                                .withStatus("False")
                                .build())
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("service")
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(1)
                                .endTerminated()
                                .endState()
                                .build())
                        .endStatus());

        SpawnHandle restarted = spawner().start(request(SESSION, "model", host), step -> {});

        assertThat(pod(name)).as("two pods must not answer to one name").isNull();
        Pod own = pod(restarted.state().values().get("pod"));
        assertThat(own.getSpec().getHostname()).isEqualTo(name);
        assertThat(own.getSpec().getSubdomain()).isEqualTo("opentwin-pool");
    }

    @Test
    void anLssRestartedWithoutAPoolRemovesThePoolPodsOfItsEarlierRun() throws Exception {
        KubernetesPool earlier = pool(1, "lss.lss-a");
        String old = fill(earlier, 1).iterator().next();

        KubernetesLaunchBackend backend = new KubernetesLaunchBackend(
                spawner().config(), new KubernetesLaunchConfig("localhost/opentwin", "0.1.0", Set.of()));
        ServicePool none = ServicePoolFactory.forSpawner(
                "kubernetes",
                SpawnerBackend.of(spawner(), backend),
                new KubernetesConfig(
                        spawner().config(),
                        new KubernetesLaunchConfig("localhost/opentwin", "0.1.0", Set.of()),
                        new KubernetesPoolSettings("opentwin-pool", Optional.empty())),
                new PoolConfig(0, 0, Duration.ofMinutes(1), Duration.ZERO),
                new PoolSite(
                        CA,
                        TlsMaterial.of(CA.issue(
                                CertificateRequest.of("lss.lss-a", List.of()), Usage.PEER, Duration.ofHours(1)))));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pod(old) == null);
        assertThat(client.secrets().inNamespace(namespace).withName(old).get()).isNull();
        assertThat(none.take(request(SESSION, "model"), step -> {})).isEmpty();
        assertThat(backend.place(SESSION, "model").url().getHost())
                .isEqualTo(PodNames.pod(SESSION, "model") + ".opentwin-sessions." + namespace + ".svc");
    }

    @Test
    void aRestartedLssRemovesThePoolPodsOfItsEarlierRun() throws Exception {
        KubernetesPool earlier = pool(1, "lss.lss-a");
        String old = fill(earlier, 1).iterator().next();

        pool(1, "lss.lss-a");

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pod(old) == null);
        assertThat(client.secrets().inNamespace(namespace).withName(old).get()).isNull();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> poolPods().stream()
                        .anyMatch(pod -> !pod.getMetadata().getName().equals(old)));
    }
}
