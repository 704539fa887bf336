package org.opentwinj.platform.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
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
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.session.SessionEvent;
import org.opentwinj.platform.session.SessionState;
import org.opentwinj.platform.supervision.RestartPolicy;
import org.opentwinj.services.lss.launch.LaunchPolicy;
import org.opentwinj.services.lss.launch.LaunchSettings;
import org.opentwinj.services.lss.session.LiveSession;
import org.opentwinj.services.lss.session.RecoveredService;
import org.opentwinj.services.lss.session.ServiceSlot;
import org.opentwinj.services.lss.session.SessionServices;
import org.opentwinj.services.lss.session.SessionSupervisor;
import org.opentwinj.services.lss.session.SupervisorConfig;

/**
 * The LSS core (its supervisor and launch policy) with the Kubernetes spawner and launch
 * backend against the fabric8 mock API server:
 * the session flow is the one of processes. The mock runs no pods, so the test plays the
 * kubelet (pod statuses) and the services (their confirmation).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSessionTest {
    private static final java.util.concurrent.atomic.AtomicInteger NAMESPACES =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final String SESSION = "5e1d2c3b-4a59-4e21-9a0c-1d2e3f4a5b6c";
    private static final URI LSS_URL = URI.create("https://opentwin-lss.opentwin.svc:8093");

    /** One mock server for the class (starting one costs a key pair); each test has a namespace of its own. */
    static KubernetesClient client;

    private final String namespace = "ns-" + NAMESPACES.incrementAndGet();
    private KubernetesSpawner spawner;
    private SessionSupervisor supervisor;
    private final List<RunRequest> runs = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startLss() {
        CertificateAuthority ca =
                CertificateAuthority.create(CertificateRequest.of("OpenTwin test CA", List.of()), Duration.ofDays(2));
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
        KubernetesLaunchConfig images =
                new KubernetesLaunchConfig("localhost/opentwin", "0.1.0", Set.of("model", "echo"));
        LaunchSettings launch = new LaunchSettings(
                LSS_URL,
                PemFiles.toPem(List.of(ca.certificate())),
                Duration.ofDays(1),
                List.of("--site-id", "1", "--log-level", "info"),
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
                new LaunchPolicy<>(
                        new KubernetesLaunchBackend(spawnerConfig, images), ca, launch, () -> Duration.ofSeconds(60)),
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
                () -> URI.create("https://relay:8094"));
    }

    @AfterEach
    void stopLss() {
        supervisor.shutdown(true, Duration.ofSeconds(10));
        spawner.close();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    /** Plays the kubelet: changes the pod's status, reading it again when it changed meanwhile (409), as a kubelet does. */
    private void kubelet(String name, UnaryOperator<PodBuilder> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.pods()
                        .inNamespace(namespace)
                        .withName(name)
                        .editStatus(pod -> change.apply(new PodBuilder(pod)).build());
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
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

    /** The pod comes up: the kubelet reports it ready and the service confirms with the certificate it was given. */
    private void comeUp(String service, String podName) {
        // A new pod has no status yet; a restarted service's old pod may be going at the same moment.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            Pod pod = pod(podName);
            return pod != null && pod.getStatus() == null;
        });
        kubelet(podName, KubernetesSessionTest::ready);
        supervisor.confirm(new ConfirmRequest(SESSION, service, url(podName)), "CN=" + service + "." + SESSION);
    }

    private URI url(String pod) {
        return URI.create("https://" + pod + ".opentwin-sessions." + namespace + ".svc:8443");
    }

    private static List<String> messages(LiveSession session) {
        return session.eventsAfter(0).stream().map(SessionEvent::message).toList();
    }

    private LiveSession startModelSession() {
        return supervisor.start(
                SESSION,
                "p1",
                "alice",
                "model",
                List.of(new ServiceSlot("model", "model"), new ServiceSlot("mesh", "cartesian-mesh")));
    }

    @Test
    void aSessionRunsAsPodsAtTheirClusterNamesWithTheirOwnCertificates() throws Exception {
        LiveSession session = startModelSession();
        comeUp("model", "ot-5e1d2c3b-model");
        comeUp("mesh", "ot-5e1d2c3b-mesh");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.RUNNING);

        assertThat(runs)
                .hasSize(2)
                .allSatisfy(run -> assertThat(run.services())
                        .containsEntry("model", url("ot-5e1d2c3b-model"))
                        .containsEntry("mesh", url("ot-5e1d2c3b-mesh")));
        var model = pod("ot-5e1d2c3b-model").getSpec().getContainers().getFirst();
        assertThat(model.getImage()).isEqualTo("localhost/opentwin/model:0.1.0");
        assertThat(model.getCommand()).isEmpty();
        assertThat(model.getArgs())
                .containsSequence("--service-url", url("ot-5e1d2c3b-model").toString())
                .containsSequence("--cert", "/var/run/opentwin/session/service.pem")
                .containsSequence("--key", "/var/run/opentwin/session/service-key.pem")
                .containsSequence("--ca", "/var/run/opentwin/session/ca.pem")
                .containsSequence("--lss-url", LSS_URL.toString())
                .containsSequence("--session-id", SESSION)
                .containsSequence("--session-service", "model")
                .containsSequence("--site-id", "1")
                .containsSequence("--bind", "0.0.0.0")
                .contains("--stopped-by-parent")
                .doesNotContain("--database-url");
        // A type without an image of its own runs from the lss image with the launcher as entry point.
        var mesh = pod("ot-5e1d2c3b-mesh").getSpec().getContainers().getFirst();
        assertThat(mesh.getImage()).isEqualTo("localhost/opentwin/lss:0.1.0");
        assertThat(mesh.getCommand()).endsWith("org.opentwinj.cli.OpenTwinCli", "run", "cartesian-mesh");

        Secret secret = client.secrets()
                .inNamespace(namespace)
                .withName("ot-5e1d2c3b-model")
                .get();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(
                        Base64.getDecoder().decode(secret.getData().get("service.pem"))));
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=model." + SESSION);
        assertThat(certificate.getSubjectAlternativeNames().stream()
                        .map(name -> (Object) name.get(1))
                        .toList())
                .contains(
                        "ot-5e1d2c3b-model.opentwin-sessions." + namespace + ".svc",
                        "ot-5e1d2c3b-model.opentwin-sessions." + namespace + ".svc.cluster.local");
        assertThat(new String(
                        Base64.getDecoder().decode(secret.getData().get("service-key.pem")), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(new String(
                        Base64.getDecoder().decode(secret.getData().get("OPEN_TWIN_DATABASE_URL")),
                        StandardCharsets.UTF_8))
                .isEqualTo("mongodb://u:p@mongo:27017");
    }

    @Test
    void aCrashedPodIsRestartedByTheLssPolicyAndTheSessionRunsAgain() {
        LiveSession session = startModelSession();
        comeUp("model", "ot-5e1d2c3b-model");
        comeUp("mesh", "ot-5e1d2c3b-mesh");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.RUNNING);
        String firstUid = pod("ot-5e1d2c3b-mesh").getMetadata().getUid();

        kubelet(
                "ot-5e1d2c3b-mesh",
                pod -> pod.withNewStatus()
                        .withPhase("Failed")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("service")
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(1)
                                .withMessage("{\"level\":\"ERROR\",\"message\":\"mesh generator failed\"}")
                                .endTerminated()
                                .endState()
                                .build())
                        .endStatus());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            Pod pod = pod("ot-5e1d2c3b-mesh");
            return pod != null && !firstUid.equals(pod.getMetadata().getUid());
        });
        comeUp("mesh", "ot-5e1d2c3b-mesh");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> messages(session).contains("running again"));
        assertThat(session.phase()).isEqualTo(SessionState.RUNNING);
        assertThat(messages(session))
                .anyMatch(m ->
                        m.startsWith("mesh exited with code 1 (INTERNAL_ERROR) unexpectedly: mesh generator failed;"
                                + " restarting in 0.2 s (restart 1 of 3)"));
    }

    @Test
    void anImageThatCannotBePulledFailsTheSessionAtOnceWithTheReason() {
        LiveSession session = startModelSession();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pod("ot-5e1d2c3b-model") != null);
        kubelet(
                "ot-5e1d2c3b-model",
                pod -> pod.withNewStatus()
                        .withPhase("Pending")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("service")
                                .withNewState()
                                .withNewWaiting()
                                .withReason("ImagePullBackOff")
                                .withMessage("Back-off pulling image \"localhost/opentwin/model:0.1.0\"")
                                .endWaiting()
                                .endState()
                                .build())
                        .endStatus());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.FAILED);
        assertThat(session.reason())
                .isEqualTo("model: image localhost/opentwin/model:0.1.0 cannot be pulled: "
                        + "Back-off pulling image \"localhost/opentwin/model:0.1.0\" (ImagePullBackOff)");
        assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
        assertThat(client.configMaps()
                        .inNamespace(namespace)
                        .withName("ot-session-" + SESSION)
                        .get())
                .isNull();
    }

    @Test
    void anImageLostWhileRunningFailsTheSessionWithoutRestarts() {
        LiveSession session = startModelSession();
        comeUp("model", "ot-5e1d2c3b-model");
        comeUp("mesh", "ot-5e1d2c3b-mesh");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.RUNNING);

        kubelet(
                "ot-5e1d2c3b-model",
                pod -> pod.withNewStatus()
                        .withPhase("Pending")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("service")
                                .withNewState()
                                .withNewWaiting()
                                .withReason("CreateContainerConfigError")
                                .withMessage("secret \"ot-5e1d2c3b-model\" not found")
                                .endWaiting()
                                .endState()
                                .build())
                        .endStatus());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.FAILED);
        assertThat(session.reason())
                .isEqualTo("model: container cannot be created: secret \"ot-5e1d2c3b-model\" not found"
                        + " (CreateContainerConfigError)");
        assertThat(messages(session)).noneMatch(m -> m.contains("restarting"));
    }

    @Test
    void aRestartedLssTakesOverItsRunningPodsAndRestartsTheOnesGone() {
        LiveSession session = startModelSession();
        comeUp("model", "ot-5e1d2c3b-model");
        comeUp("mesh", "ot-5e1d2c3b-mesh");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.RUNNING);
        List<RecoveredService> stored = session.instances().stream()
                .map(instance -> new RecoveredService(
                        new ServiceSlot(instance.name(), instance.service()),
                        instance.port(),
                        instance.url(),
                        Optional.of(instance.handle()),
                        instance.restartsInARow(),
                        instance.lastStart()))
                .toList();
        String modelUid = pod("ot-5e1d2c3b-model").getMetadata().getUid();
        // The LSS stops without stopping its sessions (a rolling update); the mesh pod ends meanwhile.
        supervisor.shutdown(false, Duration.ofSeconds(5));
        spawner.close();
        client.pods().inNamespace(namespace).withName("ot-5e1d2c3b-mesh").delete();
        runs.clear();

        startLss();
        List<RecoveredService> found = stored.stream()
                .map(service -> new RecoveredService(
                        service.slot(),
                        service.port(),
                        service.url(),
                        spawner.reattach(service.handle().orElseThrow().state()),
                        service.restarts(),
                        service.lastStart()))
                .toList();
        assertThat(found)
                .filteredOn(service -> service.handle().isPresent())
                .extracting(service -> service.slot().name())
                .containsExactly("model");
        LiveSession adopted = supervisor.adopt(
                SESSION, "p1", "alice", "model", session.createdAt(), session.lastSeq(), SessionState.RUNNING, found);
        spawner.removeOrphans(Set.of(SESSION));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pod("ot-5e1d2c3b-mesh") != null);
        comeUp("mesh", "ot-5e1d2c3b-mesh");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> adopted.phase() == SessionState.RUNNING && !runs.isEmpty());
        assertThat(pod("ot-5e1d2c3b-model").getMetadata().getUid()).isEqualTo(modelUid);
        assertThat(messages(adopted))
                .contains("taken over by the restarted LSS: 1 of 2 services still run")
                .anyMatch(m -> m.startsWith("mesh was gone after the LSS restarted; restarting in"));
    }

    @Test
    void closingTheSessionRemovesItsPodsSecretsAndOwner() {
        LiveSession session = startModelSession();
        comeUp("model", "ot-5e1d2c3b-model");
        comeUp("mesh", "ot-5e1d2c3b-mesh");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.RUNNING);

        supervisor.stop(SESSION, "the user closed it");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> session.phase() == SessionState.CLOSED);
        assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(namespace).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
    }
}
