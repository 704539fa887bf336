package org.opentwinj.platform.spawner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.spawner.ContainerRequest;
import org.opentwinj.platform.spawner.ExitStatus;
import org.opentwinj.platform.spawner.SpawnException;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnState;

/**
 * The Kubernetes spawner against the fabric8 mock API server in CRUD mode. The mock runs no
 * pods: the tests play the kubelet by editing pod statuses.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSpawnerTest {
    private static final java.util.concurrent.atomic.AtomicInteger NAMESPACES =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final String SESSION = "3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c";
    private static final String IMAGE = "localhost/opentwin/model:0.1.0";

    /** One mock server for the class (starting one costs a key pair); each test has a namespace of its own. */
    static KubernetesClient client;

    private final String namespace = "opentwin-" + NAMESPACES.incrementAndGet();
    private final List<KubernetesSpawner> spawners = new ArrayList<>();
    private KubernetesSpawner spawner;

    @BeforeEach
    void createSpawner() {
        spawner = spawner("lss-a", Duration.ofMinutes(5));
    }

    @AfterEach
    void closeSpawners() {
        spawners.forEach(KubernetesSpawner::close);
    }

    private KubernetesSpawner spawner(String lssId, Duration watchSilence) {
        KubernetesSpawnerConfig config = new KubernetesSpawnerConfig(
                namespace,
                lssId,
                "opentwin-sessions",
                "IfNotPresent",
                PodResources.parse("default=cpu:100m/1,memory:256Mi/512Mi;model=cpu:500m/2,memory:512Mi/1Gi"),
                new PodPlacement(
                        Map.of("kubernetes.io/os", "linux"),
                        PodPlacement.parseTolerations("dedicated=sessions:NoSchedule")),
                watchSilence,
                Duration.ofSeconds(5));
        KubernetesSpawner created = KubernetesSpawner.withClient(client, config);
        spawners.add(created);
        return created;
    }

    private static ContainerRequest request(String session, String service, String type) {
        return new ContainerRequest(
                session,
                service,
                IMAGE.replace("model", type),
                type,
                "Project Ä 1",
                List.of(),
                List.of("--service-url", "https://x:8443", "--session-id", session),
                Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://user:secret@mongo:27017"),
                Map.of("service.pem", "CERT", "service-key.pem", "KEY", "ca.pem", "CA"));
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

    private static PodBuilder running(PodBuilder pod, boolean ready) {
        return pod.withNewStatus()
                .withPhase("Running")
                .withConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus(ready ? "True" : "False")
                        .build())
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("service")
                        .withImage(IMAGE)
                        .withReady(ready)
                        .withNewState()
                        .withNewRunning()
                        .endRunning()
                        .endState()
                        .build())
                .endStatus();
    }

    @Test
    void aStartedServiceIsAPodOfItsImageOwnedByItsSession() {
        List<String> progress = new ArrayList<>();
        SpawnHandle handle = spawner.start(request(SESSION, "model", "model"), progress::add);

        Pod pod = pod("ot-3f2a9c1e-model");
        assertThat(pod).isNotNull();
        assertThat(progress).containsExactly("model: pod ot-3f2a9c1e-model created (image " + IMAGE + ")");
        assertThat(handle.state().spawner()).isEqualTo("kubernetes");
        assertThat(handle.state().values())
                .containsEntry("pod", "ot-3f2a9c1e-model")
                .containsEntry("uid", pod.getMetadata().getUid());
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "opentwin")
                .containsEntry("app.kubernetes.io/component", "session-service")
                .containsEntry("app.kubernetes.io/part-of", "opentwin")
                .containsEntry("opentwin.org/session", SESSION)
                .containsEntry("opentwin.org/service", "model")
                .containsEntry("opentwin.org/project", "Project---1")
                .containsEntry("opentwin.org/lss", "lss-a");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("opentwin.org/project-name", "Project Ä 1");

        ConfigMap owner = client.configMaps()
                .inNamespace(namespace)
                .withName("ot-session-" + SESSION)
                .get();
        assertThat(owner).isNotNull();
        assertThat(owner.getMetadata().getLabels())
                .containsEntry("opentwin.org/session", SESSION)
                .doesNotContainKey("opentwin.org/service");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(reference -> {
            assertThat(reference.getKind()).isEqualTo("ConfigMap");
            assertThat(reference.getUid()).isEqualTo(owner.getMetadata().getUid());
        });

        var spec = pod.getSpec();
        assertThat(spec.getHostname()).isEqualTo("ot-3f2a9c1e-model");
        assertThat(spec.getSubdomain()).isEqualTo("opentwin-sessions");
        assertThat(spec.getRestartPolicy()).isEqualTo("Never");
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
        assertThat(spec.getNodeSelector()).containsExactly(Map.entry("kubernetes.io/os", "linux"));
        assertThat(spec.getTolerations()).singleElement().satisfies(toleration -> {
            assertThat(toleration.getKey()).isEqualTo("dedicated");
            assertThat(toleration.getOperator()).isEqualTo("Equal");
            assertThat(toleration.getValue()).isEqualTo("sessions");
            assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
        });
        var container = spec.getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getCommand()).isEmpty();
        assertThat(container.getArgs()).containsExactly("--service-url", "https://x:8443", "--session-id", SESSION);
        assertThat(container.getPorts())
                .singleElement()
                .satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8443));
        assertThat(container.getResources().getRequests())
                .containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("512Mi"));
        assertThat(container.getResources().getLimits())
                .containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("1Gi"));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        // The database URL holds a password: it is in the secret, never in the pod spec.
        assertThat(container.getEnv()).singleElement().satisfies(variable -> {
            assertThat(variable.getName()).isEqualTo("OPEN_TWIN_DATABASE_URL");
            assertThat(variable.getValue()).isNull();
            assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ot-3f2a9c1e-model");
        });
        assertThat(container.getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/var/run/opentwin/session");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(spec.getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getSecret().getSecretName()).isEqualTo("ot-3f2a9c1e-model");
            assertThat(volume.getSecret().getItems())
                    .extracting(item -> item.getKey())
                    .containsExactly("ca.pem", "service-key.pem", "service.pem");
        });

        Secret secret = client.secrets()
                .inNamespace(namespace)
                .withName("ot-3f2a9c1e-model")
                .get();
        assertThat(decode(secret, "service.pem")).isEqualTo("CERT");
        assertThat(decode(secret, "service-key.pem")).isEqualTo("KEY");
        assertThat(decode(secret, "OPEN_TWIN_DATABASE_URL")).isEqualTo("mongodb://user:secret@mongo:27017");
        assertThat(secret.getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(reference -> assertThat(reference.getUid())
                        .isEqualTo(owner.getMetadata().getUid()));
    }

    @Test
    void aTypeWithoutItsOwnResourcesGetsTheDefaultOnesAndAReplacedEntryPoint() {
        ContainerRequest request = new ContainerRequest(
                SESSION,
                "mesh",
                "localhost/opentwin/lss:0.1.0",
                "cartesian-mesh",
                "p",
                List.of("java", "run", "cartesian-mesh"),
                List.of("--session-id", SESSION),
                Map.of(),
                Map.of());
        spawner.start(request, step -> {});
        var container = pod("ot-3f2a9c1e-mesh").getSpec().getContainers().getFirst();
        assertThat(container.getCommand()).containsExactly("java", "run", "cartesian-mesh");
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"));
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    }

    @Test
    void aPodIsReadyWhenItsReadyConditionIsTrue() {
        SpawnHandle handle = spawner.start(request(SESSION, "model", "model"), step -> {});
        assertThat(spawner.isReady(handle)).isFalse();
        assertThat(spawner.poll(handle)).isEmpty();

        kubelet("ot-3f2a9c1e-model", pod -> running(pod, false));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(cachedPhase(handle)));
        assertThat(spawner.isReady(handle)).isFalse();

        kubelet("ot-3f2a9c1e-model", pod -> running(pod, true));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> spawner.isReady(handle));
        assertThat(spawner.poll(handle)).isEmpty();
    }

    /** The pod's phase as the spawner's watch delivered it. */
    private String cachedPhase(SpawnHandle handle) {
        return spawner.cached(handle)
                .map(Pod::getStatus)
                .map(status -> status.getPhase())
                .orElse(null);
    }

    @Test
    void aCrashedContainerReportsItsExitCodeAndLastErrorAndMayBeStartedAgain() {
        SpawnHandle first = spawner.start(request(SESSION, "model", "model"), step -> {});
        kubelet(
                "ot-3f2a9c1e-model",
                pod -> pod.withNewStatus()
                        .withPhase("Failed")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("service")
                                .withImage(IMAGE)
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(6)
                                .withReason("Error")
                                .withMessage(
                                        "{\"level\":\"INFO\",\"message\":\"starting\"}\n"
                                                + "{\"level\":\"ERROR\",\"message\":\"cannot reach the database mongo:27017\"}\n")
                                .endTerminated()
                                .endState()
                                .build())
                        .endStatus());

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> spawner.poll(first).isPresent());
        ExitStatus exit = spawner.poll(first).orElseThrow();
        assertThat(exit.code()).isEqualTo(6);
        assertThat(exit.permanent()).isFalse();
        assertThat(exit.reason()).isNull();
        assertThat(spawner.lastWords(first)).hasValue("cannot reach the database mongo:27017");

        // The LSS restarts it: the failed pod (restartPolicy Never keeps it) makes room for a new one.
        SpawnHandle second = spawner.start(request(SESSION, "model", "model"), step -> {});
        assertThat(second.state().values().get("uid"))
                .isNotEqualTo(first.state().values().get("uid"));
        assertThat(pod("ot-3f2a9c1e-model").getMetadata().getUid())
                .isEqualTo(second.state().values().get("uid"));
        assertThat(spawner.poll(second)).isEmpty();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(spawner.poll(first))
                        .hasValueSatisfying(gone -> assertThat(gone.code()).isEqualTo(6)));
    }

    @Test
    void anImageThatCannotBePulledFailsAtOncePermanentlyWithTheReason() {
        SpawnHandle handle = spawner.start(request(SESSION, "model", "model"), step -> {});
        kubelet(
                "ot-3f2a9c1e-model",
                pod -> pod.withNewStatus()
                        .withPhase("Pending")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("service")
                                .withImage(IMAGE)
                                .withNewState()
                                .withNewWaiting()
                                .withReason("ErrImagePull")
                                .withMessage("failed to pull and unpack image \"" + IMAGE + "\": not found")
                                .endWaiting()
                                .endState()
                                .build())
                        .endStatus());

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> spawner.poll(handle).isPresent());
        ExitStatus exit = spawner.poll(handle).orElseThrow();
        assertThat(exit.permanent()).isTrue();
        assertThat(exit.reason())
                .isEqualTo("image " + IMAGE + " cannot be pulled: failed to pull and unpack image \"" + IMAGE
                        + "\": not found (ErrImagePull)");
    }

    @Test
    void aPodThatCannotBeScheduledIsReportedStoppedWithTheSchedulersMessage() {
        SpawnHandle handle = spawner.start(request(SESSION, "model", "model"), step -> {});
        kubelet(
                "ot-3f2a9c1e-model",
                pod -> pod.withNewStatus()
                        .withPhase("Pending")
                        .withConditions(new PodConditionBuilder()
                                .withType("PodScheduled")
                                .withStatus("False")
                                .withReason("Unschedulable")
                                .withMessage("0/3 nodes are available: 3 Insufficient memory.")
                                .build())
                        .endStatus());

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> spawner.poll(handle).isPresent());
        assertThat(spawner.poll(handle).orElseThrow().reason())
                .isEqualTo("cannot be scheduled on any node: 0/3 nodes are available: 3 Insufficient memory.");
    }

    @Test
    void stopDeletesThePodAndSessionEndRemovesEverythingOfTheSession() {
        SpawnHandle model = spawner.start(request(SESSION, "model", "model"), step -> {});
        SpawnHandle echo = spawner.start(request(SESSION, "echo", "echo"), step -> {});

        assertThat(spawner.stop(model, Duration.ofSeconds(1))).isEmpty();
        assertThat(pod("ot-3f2a9c1e-model")).isNull();
        assertThat(pod("ot-3f2a9c1e-echo")).isNotNull();
        assertThat(spawner.stop(model, Duration.ofSeconds(1))).isEmpty();
        spawner.stop(echo, Duration.ofSeconds(1));
        spawner.sessionEnded(SESSION);

        assertThat(client.pods()
                        .inNamespace(namespace)
                        .withLabel("opentwin.org/session", SESSION)
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(client.secrets()
                        .inNamespace(namespace)
                        .withLabel("opentwin.org/session", SESSION)
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(client.configMaps()
                        .inNamespace(namespace)
                        .withName("ot-session-" + SESSION)
                        .get())
                .isNull();
    }

    @Test
    void aRestartedLssReattachesToItsRunningPodsOnly() {
        SpawnHandle model = spawner.start(request(SESSION, "model", "model"), step -> {});
        SpawnHandle echo = spawner.start(request(SESSION, "echo", "echo"), step -> {});
        kubelet("ot-3f2a9c1e-model", pod -> running(pod, true));
        kubelet(
                "ot-3f2a9c1e-echo",
                pod -> pod.withNewStatus()
                        .withPhase("Failed")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName("service")
                                .withNewState()
                                .withNewTerminated()
                                .withExitCode(137)
                                .endTerminated()
                                .endState()
                                .build())
                        .endStatus());
        spawner.close();

        KubernetesSpawner restarted = spawner("lss-a", Duration.ofMinutes(5));
        SpawnHandle again = restarted.reattach(model.state()).orElseThrow();
        assertThat(again.session()).isEqualTo(SESSION);
        assertThat(again.service()).isEqualTo("model");
        assertThat(restarted.poll(again)).isEmpty();
        assertThat(restarted.isReady(again)).isTrue();
        // A pod that ended while the LSS was away is gone for the LSS: it starts it again.
        assertThat(restarted.reattach(echo.state())).isEmpty();
        // A pod of the same name but another uid is not the one that was started.
        Map<String, String> otherUid = new java.util.HashMap<>(model.state().values());
        otherUid.put("uid", "0000");
        assertThat(restarted.reattach(new SpawnState("kubernetes", otherUid))).isEmpty();
        assertThat(restarted.reattach(new SpawnState("local", Map.of("pid", "1"))))
                .isEmpty();
    }

    @Test
    void orphansOfSessionsTheLssNoLongerRunsAreRemovedAndOtherLssObjectsKept() {
        String kept = "aaaaaaaa-1111-4e21-9a0c-1d2e3f4a5b6c";
        String lost = "bbbbbbbb-2222-4e21-9a0c-1d2e3f4a5b6c";
        spawner.start(request(kept, "model", "model"), step -> {});
        spawner.start(request(lost, "model", "model"), step -> {});
        KubernetesSpawner other = spawner("lss-b", Duration.ofMinutes(5));
        String othersSession = "cccccccc-3333-4e21-9a0c-1d2e3f4a5b6c";
        other.start(request(othersSession, "model", "model"), step -> {});

        spawner.removeOrphans(Set.of(kept));

        assertThat(pod("ot-aaaaaaaa-model")).isNotNull();
        assertThat(pod("ot-bbbbbbbb-model")).isNull();
        assertThat(client.secrets()
                        .inNamespace(namespace)
                        .withName("ot-bbbbbbbb-model")
                        .get())
                .isNull();
        assertThat(client.configMaps()
                        .inNamespace(namespace)
                        .withName("ot-session-" + lost)
                        .get())
                .isNull();
        assertThat(client.configMaps()
                        .inNamespace(namespace)
                        .withName("ot-session-" + kept)
                        .get())
                .isNotNull();
        assertThat(pod("ot-cccccccc-model")).isNotNull();
    }

    @Test
    void aSilentlyLostWatchIsRestartedByTheWatchdogAndMissesNothing() {
        KubernetesSpawner watched = spawner("lss-w", Duration.ofMillis(300));
        SpawnHandle handle = watched.start(request(SESSION, "model", "model"), step -> {});
        watched.loseWatchSilently();
        kubelet("ot-3f2a9c1e-model", pod -> running(pod, true));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> watched.isReady(handle));
        assertThat(watched.watchRestarts()).isPositive();
    }

    @Test
    void aSpawnerThatCannotReachTheApiServerSaysWhy() {
        KubernetesClient unreachable = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                        .withMasterUrl("https://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(2000)
                        .build())
                .build();
        try (KubernetesSpawner cut = KubernetesSpawner.withClient(unreachable, spawner.config())) {
            assertThat(cut.problem())
                    .hasValueSatisfying(problem -> assertThat(problem)
                            .startsWith("cannot watch the session pods in namespace " + namespace + ": "));
        } finally {
            unreachable.close();
        }
        assertThat(spawner.problem()).isEmpty();
    }

    @Test
    void aPodNameTakenByAnotherSessionIsNotDeleted() {
        spawner.start(request(SESSION, "model", "model"), step -> {});
        String sameStart = "3f2a9c1e-0000-4e21-9a0c-1d2e3f4a5b6c";
        assertThatThrownBy(() -> spawner.start(request(sameStart, "model", "model"), step -> {}))
                .isInstanceOf(SpawnException.class)
                .hasMessageContaining("exists already for session " + SESSION);
        assertThat(pod("ot-3f2a9c1e-model").getMetadata().getLabels()).containsEntry("opentwin.org/session", SESSION);
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
