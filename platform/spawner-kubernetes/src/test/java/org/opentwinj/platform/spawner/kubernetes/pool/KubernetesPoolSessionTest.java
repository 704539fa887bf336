package org.opentwinj.platform.spawner.kubernetes.pool;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.launcher.pool.NetworkAssignment;
import org.opentwinj.platform.launcher.pool.PoolAssignEndpoint;
import org.opentwinj.platform.launcher.pool.PoolAssignment;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.spawner.kubernetes.KubernetesLaunchBackend;
import org.opentwinj.platform.spawner.kubernetes.KubernetesLaunchConfig;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawner;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawnerConfig;
import org.opentwinj.platform.spawner.kubernetes.PodNames;
import org.opentwinj.platform.spawner.kubernetes.PodPlacement;
import org.opentwinj.platform.spawner.kubernetes.PodResources;
import org.opentwinj.platform.supervision.RestartPolicy;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.lss.launch.LaunchPolicy;
import org.opentwinj.services.lss.launch.LaunchSettings;
import org.opentwinj.services.lss.session.LiveSession;
import org.opentwinj.services.lss.session.ServiceSlot;
import org.opentwinj.services.lss.session.SessionServices;
import org.opentwinj.services.lss.session.SessionSupervisor;
import org.opentwinj.services.lss.session.SupervisorConfig;

/**
 * A session through the LSS's supervisor and launch policy with a warm pool: a service of the
 * {@code lss} image is placed at a ready pool pod's DNS name, gets its certificate for that name,
 * and the pod is assigned and adopted; a type with an image of its own gets a pod of its own.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesPoolSessionTest {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final String SESSION = "5e1d2c3b-0000-4000-8000-000000000001";
    private static final URI LSS_URL = URI.create("https://lss-0.lss:8093");

    static KubernetesClient client;

    @TempDir
    Path directory;

    private final String namespace = "pool-session-" + NAMESPACES.incrementAndGet();
    private final Map<String, PoolAssignEndpoint> pods = new ConcurrentHashMap<>();
    private final List<RunRequest> runs = Collections.synchronizedList(new ArrayList<>());
    private CertificateAuthority ca;
    private KubernetesSpawner spawner;
    private KubernetesPool pool;
    private SessionSupervisor supervisor;

    @BeforeEach
    void startLss() {
        ca = CertificateAuthority.create(CertificateRequest.of("OpenTwin test CA", List.of()), Duration.ofDays(2));
        KubernetesSpawnerConfig spawnerConfig = new KubernetesSpawnerConfig(
                namespace,
                "lss-1",
                "opentwin-sessions",
                "IfNotPresent",
                PodResources.defaults(),
                PodPlacement.anywhere(),
                Duration.ofMinutes(5),
                Duration.ofSeconds(5));
        spawner = KubernetesSpawner.withClient(client, spawnerConfig);
        // Every type runs from the lss image (the deploy's default): each can become a pool pod.
        KubernetesLaunchConfig images = new KubernetesLaunchConfig("localhost/opentwin", "0.1.0", Set.of());
        KubernetesLaunchBackend backend = new KubernetesLaunchBackend(spawnerConfig, images);
        TlsMaterial lssTls =
                TlsMaterial.of(ca.issue(CertificateRequest.of("lss.lss-1", List.of()), Usage.PEER, Duration.ofDays(1)));
        pool = KubernetesPool.start(
                spawner,
                new KubernetesPoolConfig(
                        1,
                        "localhost/opentwin/lss:0.1.0",
                        "lss.lss-1",
                        KubernetesPoolConfig.DEFAULT_POOL_SERVICE,
                        Optional.empty(),
                        new ResourceRequirementsBuilder()
                                .withRequests(Map.of("cpu", new Quantity("50m")))
                                .build(),
                        Duration.ofMinutes(10)),
                (commonName, hosts) -> {
                    IssuedCertificate issued =
                            ca.issue(CertificateRequest.of(commonName, hosts), Usage.PEER, Duration.ofHours(1));
                    return new PoolCertificates.Issued(
                            PemFiles.toPem(List.of(issued.certificate())),
                            PemFiles.toPem(issued.privateKey()),
                            PemFiles.toPem(List.of(ca.certificate())));
                },
                new ServiceClient(lssTls.clientContext(), ClientOptions.DEFAULT),
                pod -> URI.create("https://localhost:"
                        + pods.get(pod.getMetadata().getName()).port()));
        backend.usePool(pool);
        LaunchSettings launch = new LaunchSettings(
                LSS_URL,
                PemFiles.toPem(List.of(ca.certificate())),
                Duration.ofDays(1),
                List.of("--site-id", "1"),
                Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://u:p@mongo:27017"));
        SessionServices services = new SessionServices() {
            @Override
            public void run(URI service, RunRequest request) {
                runs.add(request);
            }

            @Override
            public boolean ping(URI service) {
                return true;
            }
        };
        supervisor = new SessionSupervisor(
                spawner,
                new LaunchPolicy<>(backend, ca, launch, () -> Duration.ofSeconds(60)),
                services,
                new SupervisorConfig(
                        4,
                        4,
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(50),
                        Duration.ofSeconds(30),
                        3,
                        new RestartPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(10), 3)),
                session -> {},
                Clock.systemUTC(),
                () -> URI.create("https://relay:8094"),
                new KubernetesPoolFactory.PodPool(pool));
    }

    @AfterEach
    void stopLss() {
        supervisor.shutdown(true, Duration.ofSeconds(10));
        pool.close();
        spawner.close();
        pods.values().forEach(PoolAssignEndpoint::close);
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    private List<Pod> poolPods() {
        return client.pods()
                .inNamespace(namespace)
                .withLabel(PodNames.COMPONENT, PoolPodSpecs.POOL_COMPONENT)
                .list()
                .getItems();
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

    private static PodBuilder ready(PodBuilder pod) {
        return pod.withNewStatus()
                .withPhase("Running")
                .withConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .build())
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("service")
                        .withReady(true)
                        .withNewState()
                        .withNewRunning()
                        .endRunning()
                        .endState()
                        .build())
                .endStatus();
    }

    /** Plays the kubelet for the pool's pod: the pooled JVM's endpoint with the pod's secret and flags, then ready. */
    private String warmPoolPod() throws Exception {
        Pod pod = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(this::poolPods, list -> !list.isEmpty())
                .getFirst();
        String name = pod.getMetadata().getName();
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        Path tls = Files.createDirectories(directory.resolve(name));
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
                        Set.of("model", "cartesian-mesh")));
        kubelet(name, KubernetesPoolSessionTest::ready);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.ready() == 1);
        return name;
    }

    @Test
    void aServiceBecomesTheReadyPoolPodAtItsNameAndTheOtherGetsAPodOfItsOwn() throws Exception {
        String poolPod = warmPoolPod();
        String poolHost = poolPod + ".opentwin-pool." + namespace + ".svc";
        URI pooledUrl = URI.create("https://" + poolHost + ":8443");

        LiveSession session = supervisor.start(
                SESSION,
                "p1",
                "alice",
                "model",
                List.of(new ServiceSlot("model", "model"), new ServiceSlot("mesh", "cartesian-mesh")));

        // One of the two (they start at once) got the pool pod: its assignment, its certificate naming the pod's host.
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> pods.get(poolPod).assignment().isDone());
        PoolAssignment assignment = pods.get(poolPod).assignment().join();
        String pooled = assignment.flag("--session-service");
        String other = pooled.equals("model") ? "mesh" : "model";
        assertThat(assignment.service()).isEqualTo(pooled.equals("model") ? "model" : "cartesian-mesh");
        assertThat(assignment.flag("--service-url")).isEqualTo(pooledUrl.toString());
        X509Certificate certificate = PemFiles.readCertificates(
                        directory.resolve(poolPod).resolve("files").resolve("service.pem"))
                .getFirst();
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=" + pooled + "." + SESSION);
        assertThat(certificate.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
                .contains(poolHost);
        Pod taken = pod(poolPod);
        assertThat(taken.getMetadata().getLabels())
                .containsEntry(PodNames.SESSION, SESSION)
                .containsEntry(PodNames.SERVICE, pooled)
                .containsEntry(PodNames.COMPONENT, PodNames.SESSION_COMPONENT);

        // The pool had one ready pod: the other service gets a pod of its own, at its own name.
        String ownPod = "ot-5e1d2c3b-" + other;
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pod(ownPod) != null);
        kubelet(ownPod, KubernetesPoolSessionTest::ready);
        URI ownUrl = URI.create("https://" + ownPod + ".opentwin-sessions." + namespace + ".svc:8443");
        supervisor.confirm(new ConfirmRequest(SESSION, other, ownUrl), "CN=" + other + "." + SESSION);
        supervisor.confirm(new ConfirmRequest(SESSION, pooled, pooledUrl), "CN=" + pooled + "." + SESSION);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> session.phase() == SessionState.RUNNING);
        assertThat(session.instance(pooled).orElseThrow().url()).isEqualTo(pooledUrl);
        assertThat(session.instance(other).orElseThrow().url()).isEqualTo(ownUrl);
        assertThat(pod("ot-5e1d2c3b-" + pooled))
                .as("no pod of its own for the pooled service")
                .isNull();
        assertThat(new String(
                        Base64.getDecoder()
                                .decode(client.secrets()
                                        .inNamespace(namespace)
                                        .withName(ownPod)
                                        .get()
                                        .getData()
                                        .get("service.pem")),
                        StandardCharsets.UTF_8))
                .startsWith("-----BEGIN CERTIFICATE-----");

        supervisor.stop(SESSION, "closed by the test");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pod(poolPod) == null);
    }
}
